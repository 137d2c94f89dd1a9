-- The rendering functions become PL/pgSQL. PostgreSQL (before 18) plans the body of a SQL-language function that
-- it cannot inline (ours contain sub-selects) again on every call from a new statement; PL/pgSQL keeps its plans
-- for the life of the connection. Same output, a fraction of the cost per request.

CREATE OR REPLACE FUNCTION ocpi_datetime(ts timestamptz) RETURNS text LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
        || CASE WHEN date_part('milliseconds', ts)::integer % 1000 = 0 THEN ''
                ELSE '.' || lpad((date_part('milliseconds', ts)::integer % 1000)::text, 3, '0') END
        || 'Z';
END $$;

CREATE OR REPLACE FUNCTION ocpi_connector_json(c connectors, version text) RETURNS jsonb LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN jsonb_strip_nulls(jsonb_build_object(
        'id', c.id,
        'standard', c.standard,
        'format', c.format,
        'power_type', c.power_type,
        'max_voltage', c.max_voltage,
        'max_amperage', c.max_amperage,
        'max_electric_power', c.max_electric_power,
        'tariff_ids', c.tariff_ids,
        'terms_and_conditions', c.terms_and_conditions,
        'capabilities', CASE WHEN version >= '2.3' THEN c.capabilities END,
        'last_updated', ocpi_datetime(c.last_updated)));
END $$;

CREATE OR REPLACE FUNCTION ocpi_evse_json(e evses, version text) RETURNS jsonb LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN jsonb_strip_nulls(jsonb_build_object(
        'uid', e.uid,
        'evse_id', e.evse_id,
        'status', e.status,
        'status_schedule', e.status_schedule,
        'capabilities', e.capabilities,
        'connectors', (SELECT coalesce(jsonb_agg(ocpi_connector_json(c, version) ORDER BY c.position), '[]')
                         FROM connectors c
                        WHERE c.country_code = e.country_code AND c.party_id = e.party_id
                          AND c.location_key = e.location_key AND c.evse_key = e.uid_key),
        'floor_level', e.floor_level,
        'coordinates', CASE WHEN e.latitude IS NOT NULL
                            THEN jsonb_build_object('latitude', e.latitude, 'longitude', e.longitude) END,
        'physical_reference', e.physical_reference,
        'directions', e.directions,
        'parking_restrictions', e.parking_restrictions,
        'parking', CASE WHEN version >= '2.3' THEN e.parking END,
        'images', e.images,
        'accepted_service_providers', CASE WHEN version >= '2.3' THEN e.accepted_service_providers END,
        'last_updated', ocpi_datetime(e.last_updated)));
END $$;

CREATE OR REPLACE FUNCTION ocpi_location_json(l locations, version text) RETURNS jsonb LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN jsonb_strip_nulls(jsonb_build_object(
        'country_code', l.country_code,
        'party_id', l.party_id,
        'id', l.id,
        'publish', l.publish,
        'publish_allowed_to', l.publish_allowed_to,
        'name', l.name,
        'address', l.address,
        'city', l.city,
        'postal_code', l.postal_code,
        'state', l.state,
        'country', l.country,
        'coordinates', jsonb_build_object('latitude', l.latitude, 'longitude', l.longitude),
        'related_locations', l.related_locations,
        'parking_type', l.parking_type,
        'evses', (SELECT coalesce(jsonb_agg(ocpi_evse_json(e, version) ORDER BY e.position), '[]')
                    FROM evses e
                   WHERE e.country_code = l.country_code AND e.party_id = l.party_id AND e.location_key = l.id_key),
        'parking_places', CASE WHEN version >= '2.3' THEN l.parking_places END,
        'directions', l.directions,
        'operator', l.operator,
        'suboperator', l.suboperator,
        'owner', l.owner,
        'facilities', l.facilities,
        'time_zone', l.time_zone,
        'opening_times', l.opening_times,
        'charging_when_closed', l.charging_when_closed,
        'images', l.images,
        'energy_mix', l.energy_mix,
        'help_phone', CASE WHEN version >= '2.3' THEN l.help_phone END,
        'last_updated', ocpi_datetime(l.last_updated)));
END $$;
