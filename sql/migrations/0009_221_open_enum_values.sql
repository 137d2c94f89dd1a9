-- 2.3.0 made ImageCategory, EnvironmentalImpactCategory and TokenType open: a tenant writing through 2.3.0 may
-- store values 2.2.1 does not have (TokenType EMAID, or any extension). 2.2.1's enums are closed, so its readers
-- and its push receivers get, instead:
--   * an image (or a business logo) whose category 2.2.1 lacks, with category OTHER (it is still worth showing);
--   * energy_mix without the environmental impacts whose category 2.2.1 lacks (a figure it cannot label);
--   * publish_allowed_to entries without uid and type when the type is one 2.2.1 lacks (2.2.1 requires a type with
--     every uid), entries left with no uid, visual_number or group_id dropped, and the field left out when no entry
--     remains: publish stays false, so a 2.2.1 EMSP shows the location to nobody rather than to the wrong people.
-- The renderers of migration 0007 are replaced with versions that apply these, and every 2.2.1 document is rendered
-- again.

CREATE FUNCTION ocpi_221_image(image jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN image IS NULL OR image ->> 'category' = ANY (ARRAY['CHARGER', 'ENTRANCE', 'LOCATION', 'NETWORK', 'OPERATOR', 'OTHER', 'OWNER'])
                THEN image ELSE jsonb_set(image, '{category}', '"OTHER"') END
$$;

CREATE FUNCTION ocpi_221_images(images jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN images IS NULL THEN NULL
                ELSE coalesce((SELECT jsonb_agg(ocpi_221_image(i) ORDER BY n) FROM jsonb_array_elements(images) WITH ORDINALITY AS t(i, n)), '[]') END
$$;

-- BusinessDetails: its logo is an Image.
CREATE FUNCTION ocpi_221_business(details jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN details ? 'logo' THEN jsonb_set(details, '{logo}', ocpi_221_image(details -> 'logo')) ELSE details END
$$;

CREATE FUNCTION ocpi_221_energy_mix(mix jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN mix IS NULL OR NOT (mix ? 'environ_impact') THEN mix
                ELSE jsonb_set(mix, '{environ_impact}', coalesce(
                    (SELECT jsonb_agg(e ORDER BY n) FROM jsonb_array_elements(mix -> 'environ_impact') WITH ORDINALITY AS t(e, n)
                      WHERE e ->> 'category' = ANY (ARRAY['NUCLEAR_WASTE', 'CARBON_DIOXIDE'])), '[]')) END
$$;

CREATE FUNCTION ocpi_221_publish_allowed_to(list jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT jsonb_agg(kept ORDER BY n)
      FROM (SELECT n, CASE WHEN t ? 'type' AND NOT (t ->> 'type' = ANY (ARRAY['AD_HOC_USER', 'APP_USER', 'OTHER', 'RFID']))
                           THEN t - 'uid' - 'type' ELSE t END AS kept
              FROM jsonb_array_elements(list) WITH ORDINALITY AS x(t, n)) entries
     WHERE kept ?| ARRAY['uid', 'visual_number', 'group_id']
$$;

CREATE OR REPLACE FUNCTION ocpi_evse_text(e evses, version text) RETURNS text LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
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
        '"images":' || (CASE WHEN old THEN ocpi_221_images(e.images) ELSE e.images END)::text,
        CASE WHEN version >= '2.3' THEN '"accepted_service_providers":' || e.accepted_service_providers::text END,
        '"last_updated":"' || ocpi_datetime(e.last_updated) || '"') || '}';
END $$;

CREATE OR REPLACE FUNCTION ocpi_location_text(l locations, version text) RETURNS text LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    old boolean := version < '2.3';
BEGIN
    RETURN '{' || concat_ws(',',
        '"country_code":' || to_json(l.country_code),
        '"party_id":' || to_json(l.party_id),
        '"id":' || to_json(l.id),
        '"publish":' || l.publish::text,
        '"publish_allowed_to":' || (CASE WHEN old THEN ocpi_221_publish_allowed_to(l.publish_allowed_to) ELSE l.publish_allowed_to END)::text,
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
        '"operator":' || (CASE WHEN old THEN ocpi_221_business(l.operator) ELSE l.operator END)::text,
        '"suboperator":' || (CASE WHEN old THEN ocpi_221_business(l.suboperator) ELSE l.suboperator END)::text,
        '"owner":' || (CASE WHEN old THEN ocpi_221_business(l.owner) ELSE l.owner END)::text,
        '"facilities":' || (CASE WHEN old THEN ocpi_221_values(l.facilities, ocpi_221_facilities()) ELSE l.facilities END)::text,
        '"time_zone":' || to_json(l.time_zone),
        '"opening_times":' || l.opening_times::text,
        '"charging_when_closed":' || l.charging_when_closed::text,
        '"images":' || (CASE WHEN old THEN ocpi_221_images(l.images) ELSE l.images END)::text,
        '"energy_mix":' || (CASE WHEN old THEN ocpi_221_energy_mix(l.energy_mix) ELSE l.energy_mix END)::text,
        CASE WHEN version >= '2.3' THEN '"help_phone":' || to_json(l.help_phone) END,
        '"last_updated":"' || ocpi_datetime(l.last_updated) || '"') || '}';
END $$;

UPDATE locations l SET doc_221 = ocpi_location_text(l, '2.2.1');
