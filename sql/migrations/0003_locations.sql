-- Locations, EVSEs and Connectors, each in a table of its own, keyed by tenant first.
-- Ids are CiStrings: stored as written (`id`) and compared through a generated lower-case key (`*_key`).
-- Nested structures are JSONB, in exactly the JSON our model encodes (opening_times, energy_mix and images as the
-- design asks; the other lists and business details likewise). Columns we filter or join on are relational.
-- The OCPI JSON of an object is rendered here, by ocpi_location_json() and friends, so that a read is one statement
-- and the service splices its result into the response without decoding it.

CREATE TABLE locations (
    country_code         text        NOT NULL,
    party_id             text        NOT NULL,
    id                   text        NOT NULL CHECK (length(id) BETWEEN 1 AND 36),
    id_key               text        GENERATED ALWAYS AS (lower(id)) STORED,
    seq                  bigint      GENERATED ALWAYS AS IDENTITY,  -- creation order: stable pagination
    publish              boolean     NOT NULL,
    publish_allowed_to   jsonb,
    -- visible to peers: published, or restricted to named token holders (the EMSP enforces the restriction)
    shared               boolean     GENERATED ALWAYS AS (publish OR coalesce(jsonb_array_length(publish_allowed_to), 0) > 0) STORED,
    name                 text,
    address              text        NOT NULL,
    city                 text        NOT NULL,
    postal_code          text,
    state                text,
    country              text        NOT NULL,
    latitude             text        NOT NULL,  -- decimal text as validated (regex-conformant); exact
    longitude            text        NOT NULL,
    related_locations    jsonb,
    parking_type         text,
    parking_places       jsonb,                 -- 2.3.0
    directions           jsonb,
    operator             jsonb,
    suboperator          jsonb,
    owner                jsonb,
    facilities           jsonb,
    time_zone            text        NOT NULL,
    opening_times        jsonb,
    charging_when_closed boolean,
    images               jsonb,
    energy_mix           jsonb,
    help_phone           text,                  -- 2.3.0
    last_updated         timestamptz NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (country_code, party_id, id_key),
    UNIQUE (seq),
    FOREIGN KEY (country_code, party_id) REFERENCES tenants (country_code, party_id) ON DELETE CASCADE
);
-- A tenant's own list, and a peer's list of one tenant, in creation order.
CREATE INDEX locations_tenant_seq ON locations (country_code, party_id, seq);
-- A peer's list over all tenants, and date_from/date_to windows.
CREATE INDEX locations_shared_seq ON locations (seq) WHERE shared;
CREATE INDEX locations_last_updated ON locations (last_updated, seq);
-- A peer's lookup by id alone, across its granted tenants.
CREATE INDEX locations_id_key ON locations (id_key);

CREATE TABLE evses (
    country_code               text        NOT NULL,
    party_id                   text        NOT NULL,
    location_key               text        NOT NULL,
    uid                        text        NOT NULL CHECK (length(uid) BETWEEN 1 AND 36),
    uid_key                    text        GENERATED ALWAYS AS (lower(uid)) STORED,
    position                   integer     NOT NULL,  -- order within the location, as pushed
    evse_id                    text,
    status                     text        NOT NULL,
    status_schedule            jsonb,
    capabilities               jsonb,
    floor_level                text,
    latitude                   text,
    longitude                  text,
    physical_reference         text,
    directions                 jsonb,
    parking_restrictions       jsonb,
    parking                    jsonb,                 -- 2.3.0
    images                     jsonb,
    accepted_service_providers jsonb,                 -- 2.3.0
    last_updated               timestamptz NOT NULL,
    PRIMARY KEY (country_code, party_id, location_key, uid_key),
    FOREIGN KEY (country_code, party_id, location_key) REFERENCES locations (country_code, party_id, id_key) ON DELETE CASCADE,
    CHECK ((latitude IS NULL) = (longitude IS NULL))
);
CREATE INDEX evses_status ON evses (country_code, party_id, status);

CREATE TABLE connectors (
    country_code         text        NOT NULL,
    party_id             text        NOT NULL,
    location_key         text        NOT NULL,
    evse_key             text        NOT NULL,
    id                   text        NOT NULL CHECK (length(id) BETWEEN 1 AND 36),
    id_key               text        GENERATED ALWAYS AS (lower(id)) STORED,
    position             integer     NOT NULL,
    standard             text        NOT NULL,
    format               text        NOT NULL,
    power_type           text        NOT NULL,
    max_voltage          bigint      NOT NULL,  -- OCPI int: any JSON integer (never a 500 on a large one)
    max_amperage         bigint      NOT NULL,
    max_electric_power   bigint,
    tariff_ids           jsonb,
    terms_and_conditions text,
    capabilities         jsonb,                 -- 2.3.0
    last_updated         timestamptz NOT NULL,
    PRIMARY KEY (country_code, party_id, location_key, evse_key, id_key),
    FOREIGN KEY (country_code, party_id, location_key, evse_key)
        REFERENCES evses (country_code, party_id, location_key, uid_key) ON DELETE CASCADE
);

-- An OCPI DateTime: UTC, seconds, and milliseconds only when there are any (as the service writes them).
CREATE FUNCTION ocpi_datetime(ts timestamptz) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
        || CASE WHEN to_char(ts AT TIME ZONE 'UTC', 'MS') = '000' THEN '' ELSE to_char(ts AT TIME ZONE 'UTC', '.MS') END
        || 'Z'
$$;

CREATE FUNCTION ocpi_connector_json(c connectors, version text) RETURNS jsonb LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT jsonb_strip_nulls(jsonb_build_object(
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
        'last_updated', ocpi_datetime(c.last_updated)))
$$;

CREATE FUNCTION ocpi_evse_json(e evses, version text) RETURNS jsonb LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT jsonb_strip_nulls(jsonb_build_object(
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
        'last_updated', ocpi_datetime(e.last_updated)))
$$;

CREATE FUNCTION ocpi_location_json(l locations, version text) RETURNS jsonb LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT jsonb_strip_nulls(jsonb_build_object(
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
        'last_updated', ocpi_datetime(l.last_updated)))
$$;
