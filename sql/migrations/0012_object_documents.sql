-- The module pipeline's table pattern, with Locations as its first user.
--
-- Every object module keeps one row per object: the tenant-first key (country_code, party_id, id_key), `document`
-- (the object as stored: the truth a write starts from), `doc_221` and `doc_230` (each version's rendering, made
-- by the service once per write and sent as they are by every read and push), `shared` (whether the peers the
-- module's reader rule allows may read it), `last_updated` and `seq` (creation order, for paging), plus the columns
-- its own queries need, generated from the document.
--
-- Locations were rows in three tables (locations, evses, connectors) rendered by PL/pgSQL (0007, 0009). They become
-- one document each; the design's JSONB columns for energy mix, images and opening times stay, generated from it.
-- EVSEs and connectors are read out of the rendered documents by their keys.

ALTER TABLE locations ADD COLUMN document jsonb;
UPDATE locations SET document = doc_230::jsonb;
ALTER TABLE locations ALTER COLUMN document SET NOT NULL;

-- `shared` was generated from publish and publish_allowed_to; the service now writes it (Location.isShared).
ALTER TABLE locations ALTER COLUMN shared DROP EXPRESSION;
ALTER TABLE locations ALTER COLUMN shared SET NOT NULL;

DROP FUNCTION ocpi_refresh_location(text, text, text);
DROP FUNCTION ocpi_location_text(locations, text);
DROP FUNCTION ocpi_evse_text(evses, text);
DROP FUNCTION ocpi_connector_text(connectors, text);
DROP FUNCTION ocpi_221_values(jsonb, text[]);
DROP FUNCTION ocpi_221_facilities();
DROP FUNCTION ocpi_221_capabilities();
DROP FUNCTION ocpi_221_parking_restrictions();
DROP FUNCTION ocpi_221_parking_types();
DROP FUNCTION ocpi_221_connector_types();
DROP FUNCTION ocpi_221_images(jsonb);
DROP FUNCTION ocpi_221_business(jsonb);
DROP FUNCTION ocpi_221_image(jsonb);
DROP FUNCTION ocpi_221_energy_mix(jsonb);
DROP FUNCTION ocpi_221_publish_allowed_to(jsonb);
DROP TABLE connectors;
DROP TABLE evses;

ALTER TABLE locations
    DROP COLUMN publish, DROP COLUMN publish_allowed_to, DROP COLUMN name, DROP COLUMN address, DROP COLUMN city,
    DROP COLUMN postal_code, DROP COLUMN state, DROP COLUMN country, DROP COLUMN latitude, DROP COLUMN longitude,
    DROP COLUMN related_locations, DROP COLUMN parking_type, DROP COLUMN parking_places, DROP COLUMN directions,
    DROP COLUMN operator, DROP COLUMN suboperator, DROP COLUMN owner, DROP COLUMN facilities, DROP COLUMN time_zone,
    DROP COLUMN charging_when_closed, DROP COLUMN help_phone, DROP COLUMN opening_times, DROP COLUMN images,
    DROP COLUMN energy_mix;
ALTER TABLE locations
    ADD COLUMN energy_mix    jsonb GENERATED ALWAYS AS (document -> 'energy_mix') STORED,
    ADD COLUMN images        jsonb GENERATED ALWAYS AS (document -> 'images') STORED,
    ADD COLUMN opening_times jsonb GENERATED ALWAYS AS (document -> 'opening_times') STORED;

-- The object modules and their tables, so that what works for every module (resync, admin counts) reads one list.
-- A module's migration adds its row.
CREATE TABLE ocpi_data_modules (
    module     text     PRIMARY KEY,
    table_name regclass NOT NULL UNIQUE
);
INSERT INTO ocpi_data_modules VALUES ('locations', 'locations');

-- Resync, for every module: queues a full PUT of every object the peer may see now (of one module, or of every
-- module; of one tenant, or of every tenant it is granted), replacing whatever it had pending for those objects.
-- Returns how many objects were queued. The module's table is named by ocpi_data_modules, never by input.
CREATE OR REPLACE FUNCTION ocpi_push_resync(p_peer_id bigint, p_module text DEFAULT NULL, p_country_code text DEFAULT NULL,
                                            p_party_id text DEFAULT NULL) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    queued integer := 0;
    n      integer;
    m      record;
BEGIN
    FOR m IN SELECT module, table_name FROM ocpi_data_modules WHERE p_module IS NULL OR module = p_module ORDER BY module LOOP
        EXECUTE format($sql$
            WITH peer_tenants AS (          -- the tenants whose objects the peer takes, worked out once per tenant
                SELECT t.country_code, t.party_id FROM tenants t
                 WHERE ($2::text IS NULL OR (t.country_code = $2 AND t.party_id = $3))
                   AND EXISTS (SELECT 1 FROM ocpi_push_targets(t.country_code, t.party_id, $4) x WHERE x.peer_id = $1)
            ), objects AS (
                SELECT o.country_code, o.party_id, o.id, o.last_updated
                  FROM %s o JOIN peer_tenants USING (country_code, party_id)
                 WHERE o.shared
            ), superseded AS (
                UPDATE push_deliveries d SET state = 'superseded', finished_at = now(), last_error = 'folded into a resync'
                  FROM objects o
                 WHERE d.peer_id = $1 AND d.state = 'pending'
                   AND array_to_string((string_to_array(d.object_key, '/'))[1:4], '/')
                       = lower($4 || '/' || o.country_code || '/' || o.party_id || '/' || o.id)
            ), events AS (
                INSERT INTO outbox_events (country_code, party_id, module, object_id, kind, last_updated)
                SELECT o.country_code, o.party_id, $4, o.id, 'replaced', o.last_updated FROM objects o
                RETURNING id, country_code, party_id, object_id
            )
            INSERT INTO push_deliveries (peer_id, event_id, object_key, resync)
            SELECT $1, e.id, lower($4 || '/' || e.country_code || '/' || e.party_id || '/' || e.object_id), true
              FROM events e ORDER BY e.id
            $sql$, m.table_name) USING p_peer_id, p_country_code, p_party_id, m.module;
        GET DIAGNOSTICS n = ROW_COUNT;
        queued := queued + n;
    END LOOP;
    IF queued > 0 THEN
        INSERT INTO push_peers (peer_id) VALUES (p_peer_id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN queued;
END $$;
