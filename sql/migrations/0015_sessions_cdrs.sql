-- Sessions and CDRs (issue 12): the module table pattern (0012) twice, and a second reader rule.
--
-- A Session or CDR belongs to its tenant (the CPO) and concerns one EMSP: the party of its `cdr_token`. A peer
-- reads, and is pushed, only those whose token party is one of its roles (peer_roles), at the tenants it is
-- granted. `reader_country_code` and `reader_party_id` are generated from the document (upper-cased, as
-- peer_roles keeps them); the service refuses a write that would move an object to another token party.
-- `shared` stays true for both tables: the column keeps the pattern the counts rely on.

CREATE TABLE sessions (
    country_code        text        NOT NULL,
    party_id            text        NOT NULL,
    id                  text        NOT NULL CHECK (length(id) BETWEEN 1 AND 36),
    id_key              text        GENERATED ALWAYS AS (lower(id)) STORED,
    seq                 bigint      GENERATED ALWAYS AS IDENTITY,
    document            jsonb       NOT NULL,
    doc_221             text,
    doc_230             text,
    shared              boolean     NOT NULL,
    reader_country_code text        GENERATED ALWAYS AS (upper(document #>> '{cdr_token,country_code}')) STORED,
    reader_party_id     text        GENERATED ALWAYS AS (upper(document #>> '{cdr_token,party_id}')) STORED,
    last_updated        timestamptz NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (country_code, party_id, id_key),
    UNIQUE (seq),
    FOREIGN KEY (country_code, party_id) REFERENCES tenants (country_code, party_id) ON DELETE CASCADE
);
CREATE INDEX sessions_tenant_seq ON sessions (country_code, party_id, seq);
-- A peer's list: its parties' sessions, by date (date_from is required of peers) or in creation order.
CREATE INDEX sessions_reader_updated ON sessions (reader_country_code, reader_party_id, last_updated, seq);
CREATE INDEX sessions_reader_seq ON sessions (reader_country_code, reader_party_id, seq);
CREATE INDEX sessions_id_key ON sessions (id_key);
SELECT ocpi_register_data_module('sessions', 'sessions');

CREATE TABLE cdrs (
    country_code        text        NOT NULL,
    party_id            text        NOT NULL,
    id                  text        NOT NULL CHECK (length(id) BETWEEN 1 AND 39),
    id_key              text        GENERATED ALWAYS AS (lower(id)) STORED,
    seq                 bigint      GENERATED ALWAYS AS IDENTITY,
    document            jsonb       NOT NULL,
    doc_221             text,
    doc_230             text,
    shared              boolean     NOT NULL,
    reader_country_code text        GENERATED ALWAYS AS (upper(document #>> '{cdr_token,country_code}')) STORED,
    reader_party_id     text        GENERATED ALWAYS AS (upper(document #>> '{cdr_token,party_id}')) STORED,
    last_updated        timestamptz NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (country_code, party_id, id_key),
    UNIQUE (seq),
    FOREIGN KEY (country_code, party_id) REFERENCES tenants (country_code, party_id) ON DELETE CASCADE
);
CREATE INDEX cdrs_tenant_seq ON cdrs (country_code, party_id, seq);
CREATE INDEX cdrs_reader_updated ON cdrs (reader_country_code, reader_party_id, last_updated, seq);
CREATE INDEX cdrs_reader_seq ON cdrs (reader_country_code, reader_party_id, seq);
CREATE INDEX cdrs_id_key ON cdrs (id_key);
SELECT ocpi_register_data_module('cdrs', 'cdrs');

-- What a connector listed in tariff_ids when a session started: a CDR posted without totals is priced with them
-- when it names no tariffs itself. Written with the session's first write (the FK is checked at commit, after the
-- session's row exists).
CREATE TABLE session_start_tariffs (
    country_code text   NOT NULL,
    party_id     text   NOT NULL,
    session_key  text   NOT NULL,
    tariff_ids   text[] NOT NULL,
    PRIMARY KEY (country_code, party_id, session_key),
    FOREIGN KEY (country_code, party_id, session_key) REFERENCES sessions (country_code, party_id, id_key)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
);

-- A peer's charging preferences for a session (PUT …/sessions/{session_id}/charging_preferences), the latest per
-- session and peer, with the answer it was given.
CREATE TABLE session_charging_preferences (
    country_code text        NOT NULL,
    party_id     text        NOT NULL,
    session_key  text        NOT NULL,
    peer_id      bigint      NOT NULL REFERENCES peer_connections (id) ON DELETE CASCADE,
    preferences  jsonb       NOT NULL,
    response     text        NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (country_code, party_id, session_key, peer_id),
    FOREIGN KEY (country_code, party_id, session_key) REFERENCES sessions (country_code, party_id, id_key) ON DELETE CASCADE
);

-- CDR delivery, exactly once per peer as far as the platform can tell. A row is written (and committed) before
-- each POST (attempted_at, attempts); a POST the peer answered records delivered_at and the Location header it
-- gave; one it refused clears attempted_at. A row with attempted_at and no delivered_at is a POST whose answer was
-- lost: the next try asks the peer first (GET of location_url, else of its list) and posts only if it lacks the CDR.
CREATE TABLE cdr_deliveries (
    peer_id      bigint      NOT NULL REFERENCES peer_connections (id) ON DELETE CASCADE,
    country_code text        NOT NULL,
    party_id     text        NOT NULL,
    cdr_key      text        NOT NULL,
    attempts     integer     NOT NULL DEFAULT 0,
    attempted_at timestamptz,
    delivered_at timestamptz,
    location_url text,
    confirmed_by text        CHECK (confirmed_by IN ('post', 'get', 'list')),
    PRIMARY KEY (peer_id, country_code, party_id, cdr_key),
    FOREIGN KEY (country_code, party_id, cdr_key) REFERENCES cdrs (country_code, party_id, id_key) ON DELETE CASCADE
);
CREATE INDEX cdr_deliveries_cdr ON cdr_deliveries (country_code, party_id, cdr_key);

-- Which peers a module's objects go to: every peer granted the tenant ('shared', Locations and Tariffs), or only
-- those whose roles include the object's token party ('token_party', Sessions and CDRs).
ALTER TABLE ocpi_data_modules ADD COLUMN reader_rule text NOT NULL DEFAULT 'shared' CHECK (reader_rule IN ('shared', 'token_party'));
UPDATE ocpi_data_modules SET reader_rule = 'token_party' WHERE module IN ('sessions', 'cdrs');

-- 0010's targets, narrowed to the peers with the reader party among their roles when one is given.
DROP FUNCTION ocpi_push_targets(text, text, text, boolean);
CREATE FUNCTION ocpi_push_targets(p_country_code text, p_party_id text, p_module text, p_include_suspended boolean DEFAULT false,
                                  p_reader_country_code text DEFAULT NULL, p_reader_party_id text DEFAULT NULL)
RETURNS TABLE (peer_id bigint, in_resync boolean) LANGUAGE sql STABLE AS $$
    SELECT p.id, coalesce(pp.needs_resync OR pp.suspended_at IS NOT NULL, false)
      FROM peer_connections p LEFT JOIN push_peers pp ON pp.peer_id = p.id
     WHERE p.state = 'connected'
       AND (p_include_suspended OR pp.suspended_at IS NULL)
       AND (p.all_tenants OR EXISTS (SELECT 1 FROM peer_tenant_grants g
             WHERE g.peer_id = p.id AND g.country_code = p_country_code AND g.party_id = p_party_id))
       AND EXISTS (SELECT 1 FROM jsonb_array_elements(p.endpoints) e
             WHERE e->>'identifier' = p_module AND coalesce(e->>'role', 'RECEIVER') = 'RECEIVER')
       AND (p_reader_country_code IS NULL OR EXISTS (SELECT 1 FROM peer_roles r
             WHERE r.peer_id = p.id AND r.country_code = upper(p_reader_country_code) AND r.party_id = upper(p_reader_party_id)))
$$;

DROP FUNCTION ocpi_record_change(text, text, text, text, text[], text, text[], timestamptz, boolean, boolean, jsonb);

-- 0014's function, with the reader party of token-party modules (NULL for the others): the change reaches only
-- the peers that speak for that party.
CREATE FUNCTION ocpi_record_change(
    p_country_code text, p_party_id text, p_module text, p_object_id text, p_sub_ids text[], p_kind text,
    p_fields text[], p_last_updated timestamptz, p_visible boolean, p_was_visible boolean, p_final_documents jsonb,
    p_reader_country_code text, p_reader_party_id text
) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    event   bigint;
    kind    text   := p_kind;
    sub_ids text[] := p_sub_ids;
    fields  text[] := p_fields;
    top_key text   := lower(array_to_string(ARRAY[p_module, p_country_code, p_party_id, p_object_id], '/'));
BEGIN
    IF kind = 'deleted' THEN
        IF NOT p_was_visible THEN
            RETURN NULL;
        END IF;
        sub_ids := '{}'; fields := '{}';
    ELSIF NOT p_visible AND NOT p_was_visible THEN
        RETURN NULL;
    ELSIF NOT p_visible THEN
        kind := 'withdrawn'; sub_ids := '{}'; fields := '{}';
    ELSIF NOT p_was_visible THEN
        kind := 'replaced'; sub_ids := '{}'; fields := '{}';
    END IF;
    INSERT INTO outbox_events (country_code, party_id, module, object_id, sub_ids, kind, fields, last_updated, final_documents)
    VALUES (p_country_code, p_party_id, p_module, p_object_id, sub_ids, kind, fields, p_last_updated,
            CASE WHEN kind = 'withdrawn' THEN p_final_documents END)
    RETURNING id INTO event;

    WITH targets AS (
        SELECT t.peer_id, t.in_resync
          FROM ocpi_push_targets(p_country_code, p_party_id, p_module, kind IN ('withdrawn', 'deleted'),
                                 p_reader_country_code, p_reader_party_id) t
    ), folded AS (
        UPDATE push_deliveries d SET state = 'superseded', finished_at = now(), last_error = 'folded into a later change'
          FROM targets t
         WHERE t.in_resync AND d.peer_id = t.peer_id AND d.state = 'pending'
           AND (d.object_key = top_key OR starts_with(d.object_key, top_key || '/'))
    )
    INSERT INTO push_deliveries (peer_id, event_id, object_key, resync)
    SELECT t.peer_id, event,
           CASE WHEN t.in_resync THEN top_key
                ELSE lower(array_to_string(ARRAY[p_module, p_country_code, p_party_id, p_object_id] || sub_ids, '/')) END,
           t.in_resync
      FROM targets t;

    INSERT INTO push_peers (peer_id)
    SELECT DISTINCT d.peer_id FROM push_deliveries d WHERE d.event_id = event
    ON CONFLICT DO NOTHING;
    RETURN event;
END $$;

-- 0012's resync, for both reader rules: a token-party module queues only the objects whose token party is one of
-- the peer's roles, and CDRs it has are left out (its pusher checks cdr_deliveries before posting anyway).
CREATE OR REPLACE FUNCTION ocpi_push_resync(p_peer_id bigint, p_module text DEFAULT NULL, p_country_code text DEFAULT NULL,
                                            p_party_id text DEFAULT NULL) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    queued integer := 0;
    n      integer;
    m      record;
BEGIN
    FOR m IN SELECT module, table_name, reader_rule FROM ocpi_data_modules
              WHERE p_module IS NULL OR module = p_module ORDER BY module LOOP
        EXECUTE format($sql$
            WITH peer_tenants AS (
                SELECT t.country_code, t.party_id FROM tenants t
                 WHERE ($2::text IS NULL OR (t.country_code = $2 AND t.party_id = $3))
                   AND EXISTS (SELECT 1 FROM ocpi_push_targets(t.country_code, t.party_id, $4) x WHERE x.peer_id = $1)
            ), objects AS (
                SELECT o.country_code, o.party_id, o.id, o.last_updated
                  FROM %s o JOIN peer_tenants USING (country_code, party_id)
                 WHERE o.shared AND %s
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
            $sql$, m.table_name,
            CASE m.reader_rule
                WHEN 'token_party' THEN 'EXISTS (SELECT 1 FROM peer_roles r WHERE r.peer_id = $1 '
                                        || 'AND r.country_code = o.reader_country_code AND r.party_id = o.reader_party_id)'
                ELSE 'true' END
            -- A CDR the peer already has is never queued again (its pusher would skip it anyway).
            || CASE WHEN m.module = 'cdrs' THEN ' AND NOT EXISTS (SELECT 1 FROM cdr_deliveries cd WHERE cd.peer_id = $1 '
                                              || 'AND cd.country_code = o.country_code AND cd.party_id = o.party_id '
                                              || 'AND cd.cdr_key = o.id_key AND cd.delivered_at IS NOT NULL)'
                    ELSE '' END)
            USING p_peer_id, p_country_code, p_party_id, m.module;
        GET DIAGNOSTICS n = ROW_COUNT;
        queued := queued + n;
    END LOOP;
    IF queued > 0 THEN
        INSERT INTO push_peers (peer_id) VALUES (p_peer_id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN queued;
END $$;
