-- Locations are rendered once per write, not once per read: each location row keeps its OCPI JSON for both
-- versions (doc_221, doc_230), refreshed by the writing transaction after its rows change (LocationReceiver).
-- A read of a location, or a page of them, is then one index lookup and a copy, whatever the location's size.
-- The rows stay the source of truth; the documents are derived from them by the functions below and nothing else.
--
-- The renderers build JSON text directly (concat_ws skips absent fields), which costs far less than assembling
-- and stripping jsonb values. They are PL/pgSQL because PostgreSQL (before 18) plans the body of a SQL-language
-- function it cannot inline again on every call from a new statement, while PL/pgSQL keeps its plans for the life
-- of the connection. EVSEs and connectors are rendered on demand by the same functions.

DROP FUNCTION ocpi_location_json(locations, text);
DROP FUNCTION ocpi_evse_json(evses, text);
DROP FUNCTION ocpi_connector_json(connectors, text);

-- An OCPI DateTime: UTC, whole milliseconds, trailing zeros of the fraction dropped (…T10:00:00.02Z, …T10:00:00Z).
-- Relies on the ISO output style, PostgreSQL's default DateStyle (the service sets it on every connection).
CREATE OR REPLACE FUNCTION ocpi_datetime(ts timestamptz) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT replace(((ts AT TIME ZONE 'UTC')::timestamp(3))::text, ' ', 'T') || 'Z'
$$;

-- 2.2.1's enums are closed: values stored through 2.3.0 (its additions, or OpenEnum extensions) are not sent to a
-- 2.2.1 reader. Lists keep their 2.2.1 values; an optional single value is left out; a connector whose standard
-- 2.2.1 lacks is left out, and an EVSE left without connectors with it (a 2.2.1 peer cannot represent them).
CREATE FUNCTION ocpi_221_values(list jsonb, allowed text[]) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN list IS NULL THEN NULL
                ELSE coalesce((SELECT jsonb_agg(v) FROM jsonb_array_elements(list) v WHERE v #>> '{}' = ANY (allowed)), '[]') END
$$;

CREATE FUNCTION ocpi_221_facilities() RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY['HOTEL', 'RESTAURANT', 'CAFE', 'MALL', 'SUPERMARKET', 'SPORT', 'RECREATION_AREA', 'NATURE', 'MUSEUM',
                 'BIKE_SHARING', 'BUS_STOP', 'TAXI_STAND', 'TRAM_STOP', 'METRO_STATION', 'TRAIN_STATION', 'AIRPORT',
                 'PARKING_LOT', 'CARPOOL_PARKING', 'FUEL_STATION', 'WIFI']
$$;

CREATE FUNCTION ocpi_221_capabilities() RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY['CHARGING_PROFILE_CAPABLE', 'CHARGING_PREFERENCES_CAPABLE', 'CHIP_CARD_SUPPORT', 'CONTACTLESS_CARD_SUPPORT',
                 'CREDIT_CARD_PAYABLE', 'DEBIT_CARD_PAYABLE', 'PED_TERMINAL', 'REMOTE_START_STOP_CAPABLE', 'RESERVABLE',
                 'RFID_READER', 'START_SESSION_CONNECTOR_REQUIRED', 'TOKEN_GROUP_CAPABLE', 'UNLOCK_CAPABLE']
$$;

CREATE FUNCTION ocpi_221_parking_restrictions() RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY['EV_ONLY', 'PLUGGED', 'DISABLED', 'CUSTOMERS', 'MOTORCYCLES']
$$;

CREATE FUNCTION ocpi_221_parking_types() RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY['ALONG_MOTORWAY', 'PARKING_GARAGE', 'PARKING_LOT', 'ON_DRIVEWAY', 'ON_STREET', 'UNDERGROUND_GARAGE']
$$;

CREATE FUNCTION ocpi_221_connector_types() RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY['CHADEMO', 'CHAOJI', 'DOMESTIC_A', 'DOMESTIC_B', 'DOMESTIC_C', 'DOMESTIC_D', 'DOMESTIC_E', 'DOMESTIC_F',
                 'DOMESTIC_G', 'DOMESTIC_H', 'DOMESTIC_I', 'DOMESTIC_J', 'DOMESTIC_K', 'DOMESTIC_L', 'DOMESTIC_M',
                 'DOMESTIC_N', 'DOMESTIC_O', 'GBT_AC', 'GBT_DC', 'IEC_60309_2_single_16', 'IEC_60309_2_three_16',
                 'IEC_60309_2_three_32', 'IEC_60309_2_three_64', 'IEC_62196_T1', 'IEC_62196_T1_COMBO', 'IEC_62196_T2',
                 'IEC_62196_T2_COMBO', 'IEC_62196_T3A', 'IEC_62196_T3C', 'NEMA_5_20', 'NEMA_6_30', 'NEMA_6_50',
                 'NEMA_10_30', 'NEMA_10_50', 'NEMA_14_30', 'NEMA_14_50', 'PANTOGRAPH_BOTTOM_UP', 'PANTOGRAPH_TOP_DOWN',
                 'TESLA_R', 'TESLA_S']
$$;

CREATE FUNCTION ocpi_connector_text(c connectors, version text) RETURNS text LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    IF version < '2.3' AND NOT (c.standard = ANY (ocpi_221_connector_types())) THEN
        RETURN NULL;
    END IF;
    RETURN '{' || concat_ws(',',
        '"id":' || to_json(c.id),
        '"standard":' || to_json(c.standard),
        '"format":' || to_json(c.format),
        '"power_type":' || to_json(c.power_type),
        '"max_voltage":' || c.max_voltage,
        '"max_amperage":' || c.max_amperage,
        '"max_electric_power":' || c.max_electric_power,
        '"tariff_ids":' || c.tariff_ids::text,
        '"terms_and_conditions":' || to_json(c.terms_and_conditions),
        CASE WHEN version >= '2.3' THEN '"capabilities":' || c.capabilities::text END,
        '"last_updated":"' || ocpi_datetime(c.last_updated) || '"') || '}';
END $$;

CREATE FUNCTION ocpi_evse_text(e evses, version text) RETURNS text LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    old boolean := version < '2.3';
    connectors text := (
        SELECT string_agg(ocpi_connector_text(c, version), ',' ORDER BY c.position)
          FROM connectors c
         WHERE c.country_code = e.country_code AND c.party_id = e.party_id
           AND c.location_key = e.location_key AND c.evse_key = e.uid_key);
BEGIN
    IF connectors IS NULL AND old THEN
        RETURN NULL;
    END IF;
    RETURN '{' || concat_ws(',',
        '"uid":' || to_json(e.uid),
        '"evse_id":' || to_json(e.evse_id),
        '"status":' || to_json(e.status),
        '"status_schedule":' || e.status_schedule::text,
        '"capabilities":' || (CASE WHEN old THEN ocpi_221_values(e.capabilities, ocpi_221_capabilities()) ELSE e.capabilities END)::text,
        '"connectors":[' || coalesce(connectors, '') || ']',
        '"floor_level":' || to_json(e.floor_level),
        '"coordinates":{"latitude":' || to_json(e.latitude) || ',"longitude":' || to_json(e.longitude) || '}',
        '"physical_reference":' || to_json(e.physical_reference),
        '"directions":' || e.directions::text,
        '"parking_restrictions":' || (CASE WHEN old THEN ocpi_221_values(e.parking_restrictions, ocpi_221_parking_restrictions())
                                           ELSE e.parking_restrictions END)::text,
        CASE WHEN version >= '2.3' THEN '"parking":' || e.parking::text END,
        '"images":' || e.images::text,
        CASE WHEN version >= '2.3' THEN '"accepted_service_providers":' || e.accepted_service_providers::text END,
        '"last_updated":"' || ocpi_datetime(e.last_updated) || '"') || '}';
END $$;

CREATE FUNCTION ocpi_location_text(l locations, version text) RETURNS text LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    old boolean := version < '2.3';
BEGIN
    RETURN '{' || concat_ws(',',
        '"country_code":' || to_json(l.country_code),
        '"party_id":' || to_json(l.party_id),
        '"id":' || to_json(l.id),
        '"publish":' || l.publish::text,
        '"publish_allowed_to":' || l.publish_allowed_to::text,
        '"name":' || to_json(l.name),
        '"address":' || to_json(l.address),
        '"city":' || to_json(l.city),
        '"postal_code":' || to_json(l.postal_code),
        '"state":' || to_json(l.state),
        '"country":' || to_json(l.country),
        '"coordinates":{"latitude":' || to_json(l.latitude) || ',"longitude":' || to_json(l.longitude) || '}',
        '"related_locations":' || l.related_locations::text,
        '"parking_type":' || to_json(CASE WHEN old AND NOT (l.parking_type = ANY (ocpi_221_parking_types())) THEN NULL ELSE l.parking_type END),
        '"evses":[' || coalesce((
            SELECT string_agg(ocpi_evse_text(e, version), ',' ORDER BY e.position)
              FROM evses e
             WHERE e.country_code = l.country_code AND e.party_id = l.party_id AND e.location_key = l.id_key), '') || ']',
        CASE WHEN version >= '2.3' THEN '"parking_places":' || l.parking_places::text END,
        '"directions":' || l.directions::text,
        '"operator":' || l.operator::text,
        '"suboperator":' || l.suboperator::text,
        '"owner":' || l.owner::text,
        '"facilities":' || (CASE WHEN old THEN ocpi_221_values(l.facilities, ocpi_221_facilities()) ELSE l.facilities END)::text,
        '"time_zone":' || to_json(l.time_zone),
        '"opening_times":' || l.opening_times::text,
        '"charging_when_closed":' || l.charging_when_closed::text,
        '"images":' || l.images::text,
        '"energy_mix":' || l.energy_mix::text,
        CASE WHEN version >= '2.3' THEN '"help_phone":' || to_json(l.help_phone) END,
        '"last_updated":"' || ocpi_datetime(l.last_updated) || '"') || '}';
END $$;

ALTER TABLE locations ADD COLUMN doc_221 text, ADD COLUMN doc_230 text;

-- Refreshes a location's documents from its rows; the writing transaction calls it last.
CREATE FUNCTION ocpi_refresh_location(p_country_code text, p_party_id text, p_id_key text) RETURNS void LANGUAGE sql AS $$
    UPDATE locations l SET doc_221 = ocpi_location_text(l, '2.2.1'), doc_230 = ocpi_location_text(l, '2.3.0')
     WHERE l.country_code = p_country_code AND l.party_id = p_party_id AND l.id_key = p_id_key
$$;

UPDATE locations l SET doc_221 = ocpi_location_text(l, '2.2.1'), doc_230 = ocpi_location_text(l, '2.3.0');
