-- Sessions and CDRs (issue 12): the module table pattern (0012) twice, and a second reader rule.
--
-- A Session or CDR belongs to its tenant (the CPO) and concerns one EMSP: the party of its `cdr_token`. A peer
-- reads, and is pushed, only those whose token party is one of its reader parties (peer_connections.reader_parties,
-- below), at the tenants it is granted. `reader_country_code` and `reader_party_id` are generated from the document (upper-cased, as
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
-- lost: the next try asks the peer first (a GET of its list) and posts only if it lacks the CDR.
CREATE TABLE cdr_deliveries (
    peer_id      bigint      NOT NULL REFERENCES peer_connections (id) ON DELETE CASCADE,
    country_code text        NOT NULL,
    party_id     text        NOT NULL,
    cdr_key      text        NOT NULL,
    attempts     integer     NOT NULL DEFAULT 0,
    attempted_at timestamptz,
    delivered_at timestamptz,
    location_url text,
    confirmed_by text        CHECK (confirmed_by IN ('post', 'list', 'operator')),
    PRIMARY KEY (peer_id, country_code, party_id, cdr_key),
    FOREIGN KEY (country_code, party_id, cdr_key) REFERENCES cdrs (country_code, party_id, id_key) ON DELETE CASCADE
);
CREATE INDEX cdr_deliveries_cdr ON cdr_deliveries (country_code, party_id, cdr_key);

-- Which EMSP parties a connection speaks for, as far as Sessions and CDRs go: the parties whose sessions and CDRs
-- it reads and is pushed ('NL*EMS'). A peer declares its roles itself, so a role alone must not open another
-- EMSP's billing data. The operator names them (create_registration, connect_peer, register_peer, or
-- set_peer_parties later); when it did not, the connection's first registration takes the parties it declares that
-- no other connected peer holds, and later credentials updates never add any. NULL: not set yet (reads nothing).
ALTER TABLE peer_connections ADD COLUMN reader_parties text[]
    CHECK (reader_parties IS NULL OR array_to_string(reader_parties, ',') ~ '^([A-Z]{2}\*[A-Z0-9]{3}(,|$))*$');
-- Connections registered before this release keep the parties they declared (review them with list_peers.sql).
UPDATE peer_connections p
   SET reader_parties = ARRAY(SELECT DISTINCT r.country_code || '*' || r.party_id FROM peer_roles r WHERE r.peer_id = p.id ORDER BY 1)
 WHERE EXISTS (SELECT 1 FROM peer_roles r WHERE r.peer_id = p.id);

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
       AND (p_reader_country_code IS NULL
            OR upper(p_reader_country_code) || '*' || upper(p_reader_party_id) = ANY (coalesce(p.reader_parties, '{}')))
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
                WHEN 'token_party' THEN '(o.reader_country_code || ''*'' || o.reader_party_id) '
                                        || '= ANY (coalesce((SELECT c.reader_parties FROM peer_connections c WHERE c.id = $1), ''{}''))'
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

-- 'NL*EMS,NL*EM2' as a sorted, distinct list of upper-cased parties; NULL for an empty or absent list.
CREATE FUNCTION ocpi_admin.parse_parties(parties text) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    item text;
    result text[] := '{}';
BEGIN
    IF nullif(btrim(coalesce(parties, '')), '') IS NULL THEN
        RETURN NULL;
    END IF;
    FOREACH item IN ARRAY string_to_array(parties, ',') LOOP
        item := upper(btrim(item));
        IF item !~ '^[A-Z]{2}\*[A-Z0-9]{3}$' THEN
            RAISE EXCEPTION 'party "%" is not a country code and party id such as NL*EMS', item;
        END IF;
        IF NOT item = ANY (result) THEN
            result := result || item;
        END IF;
    END LOOP;
    RETURN ARRAY(SELECT unnest(result) ORDER BY 1);
END $$;

DROP FUNCTION ocpi_admin.create_registration(text, text);
CREATE FUNCTION ocpi_admin.create_registration(tenants text, versions text DEFAULT NULL, parties text DEFAULT NULL)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    parsed record;
    offered text[] := ocpi_admin.parse_versions(versions);
    readers text[] := ocpi_admin.parse_parties(parties);
    peer bigint;
    plain text := ocpi_admin.new_token();
BEGIN
    SELECT * INTO parsed FROM ocpi_admin.parse_tenants(tenants);
    INSERT INTO peer_connections (state, all_tenants, versions, reader_parties)
    VALUES ('awaiting_registration', parsed.all_tenants, offered, readers)
    RETURNING id INTO peer;
    PERFORM ocpi_admin.grant_tenants(peer, parsed.keys);
    INSERT INTO tokens (digest, kind, peer_id, hint)
    VALUES (ocpi_admin.token_digest(plain), 'registration', peer, ocpi_admin.token_hint(plain));
    RETURN plain;
END $$;

DROP FUNCTION ocpi_admin.connect_peer(text, text, text, text);
CREATE FUNCTION ocpi_admin.connect_peer(versions_url text, token_a text, tenants text, versions text DEFAULT NULL, parties text DEFAULT NULL)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    parsed record;
    offered text[] := ocpi_admin.parse_versions(versions);
    readers text[] := ocpi_admin.parse_parties(parties);
    peer bigint;
BEGIN
    versions_url := ocpi_admin.require(versions_url, 'versions_url', 'https://emsp.example.com/ocpi/versions');
    IF versions_url !~* '^https?://' OR length(versions_url) > 255 THEN
        RAISE EXCEPTION 'versions_url must be an http(s) URL of at most 255 characters';
    END IF;
    token_a := ocpi_admin.check_token(ocpi_admin.require(token_a, 'token_a', 'the-token-they-gave-you'));
    SELECT * INTO parsed FROM ocpi_admin.parse_tenants(tenants);
    INSERT INTO peer_connections (state, all_tenants, versions_url, peer_token, next_attempt_at, versions, reader_parties)
    VALUES ('handshake_pending', parsed.all_tenants, versions_url, token_a, now(), offered, readers)
    RETURNING id INTO peer;
    PERFORM ocpi_admin.grant_tenants(peer, parsed.keys);
    RETURN format('peer connection %s recorded; the running service registers with %s (list_peers.sql shows the outcome)',
                  peer, versions_url);
END $$;

-- A connection recorded by hand speaks for the party the operator names (0011's function, with reader_parties).
CREATE OR REPLACE FUNCTION ocpi_admin.register_peer(
    country_code text, party_id text, role text, tenants text, versions_url text, token text, versions text DEFAULT NULL
) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    key record;
    parsed record;
    offered text[] := ocpi_admin.parse_versions(versions);
    peer bigint;
    plain text := ocpi_admin.new_token();
BEGIN
    SELECT * INTO key FROM ocpi_admin.tenant_key(country_code, party_id);
    role := upper(ocpi_admin.require(role, 'role', 'EMSP'));
    IF role NOT IN ('CPO', 'EMSP', 'HUB', 'NAP', 'NSP', 'OTHER', 'SCSP') THEN
        RAISE EXCEPTION 'unknown role "%": expected one of EMSP, CPO, HUB, NAP, NSP, SCSP, OTHER', role;
    END IF;
    SELECT * INTO parsed FROM ocpi_admin.parse_tenants(tenants);
    versions_url := nullif(btrim(versions_url), '');
    token := nullif(token, '');
    IF versions_url IS NOT NULL AND (versions_url !~* '^https?://' OR length(versions_url) > 255) THEN
        RAISE EXCEPTION 'versions_url must be an http(s) URL of at most 255 characters';
    END IF;
    IF token IS NOT NULL THEN
        PERFORM ocpi_admin.check_token(token);
    END IF;
    IF (versions_url IS NULL) <> (token IS NULL) THEN
        RAISE EXCEPTION 'versions_url and token go together: the peer''s versions endpoint and the token it gave us to call it';
    END IF;
    INSERT INTO peer_connections (state, all_tenants, versions_url, peer_token, connected_at, needs_discovery, next_attempt_at, versions,
                                  reader_parties)
    VALUES ('connected', parsed.all_tenants, versions_url, token, now(), versions_url IS NOT NULL,
            CASE WHEN versions_url IS NOT NULL THEN now() END, offered, ARRAY[key.cc || '*' || key.pid])
    RETURNING id INTO peer;
    INSERT INTO peer_roles (peer_id, role, country_code, party_id, business_details)
    VALUES (peer, role, key.cc, key.pid, jsonb_build_object('name', key.cc || '*' || key.pid));
    PERFORM ocpi_admin.grant_tenants(peer, parsed.keys);
    INSERT INTO tokens (digest, kind, peer_id, hint)
    VALUES (ocpi_admin.token_digest(plain), 'peer', peer, ocpi_admin.token_hint(plain));
    RETURN plain;
END $$;

-- Sets the parties whose sessions and CDRs a connection reads and is pushed (replacing what it had).
CREATE FUNCTION ocpi_admin.set_peer_parties(peer_id text, parties text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    peer bigint;
    readers text[];
BEGIN
    peer_id := ocpi_admin.require(peer_id, 'peer_id', '7');
    IF peer_id !~ '^[0-9]+$' THEN
        RAISE EXCEPTION 'peer_id must be a number: the id column of list_peers.sql';
    END IF;
    peer := peer_id::bigint;
    readers := coalesce(ocpi_admin.parse_parties(parties), '{}');
    UPDATE peer_connections SET reader_parties = readers, updated_at = now() WHERE id = peer;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown peer connection %', peer USING HINT = 'list_peers.sql shows the peer connections';
    END IF;
    RETURN format('peer connection %s reads the sessions and CDRs of %s', peer,
                  CASE WHEN readers = '{}' THEN 'no party' ELSE array_to_string(readers, ', ') END);
END $$;

-- A connected peer that gains a party gets its sessions and CDRs (resync); one that loses a party gets nothing more
-- of it (its pending deliveries are skipped when they come up: the pushers read what it may read now).
CREATE FUNCTION ocpi_push_reader_parties_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state = 'connected' AND coalesce(NEW.reader_parties, '{}') <> '{}' THEN
        PERFORM ocpi_push_resync(NEW.id, m.module) FROM ocpi_data_modules m WHERE m.reader_rule = 'token_party';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER peer_connections_reader_parties_push AFTER UPDATE OF reader_parties ON peer_connections
    FOR EACH ROW WHEN (NEW.reader_parties IS DISTINCT FROM OLD.reader_parties) EXECUTE FUNCTION ocpi_push_reader_parties_changed();

-- Settles a CDR delivery in doubt: a POST whose answer was lost, at a peer that cannot say whether it has the CDR
-- (list_cdr_deliveries.sql shows it 'in doubt'). After asking the EMSP: outcome 'delivered' (it has it) records
-- the delivery; 'post' (it does not) clears the doubt and queues the tenant's CDRs the peer lacks again.
CREATE FUNCTION ocpi_admin.settle_cdr_delivery(peer_id text, tenant text, cdr_id text, outcome text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    peer bigint;
    key record;
    delivery record;
BEGIN
    peer_id := ocpi_admin.require(peer_id, 'peer_id', '7');
    IF peer_id !~ '^[0-9]+$' THEN
        RAISE EXCEPTION 'peer_id must be a number: the id column of list_peers.sql';
    END IF;
    peer := peer_id::bigint;
    tenant := ocpi_admin.require(tenant, 'tenant', 'DE*ABC');
    SELECT * INTO key FROM ocpi_admin.existing_tenant(split_part(tenant, '*', 1), split_part(tenant, '*', 2));
    cdr_id := ocpi_admin.require(cdr_id, 'cdr', 'CDR-1');
    outcome := lower(ocpi_admin.require(outcome, 'outcome', 'delivered'));
    IF outcome NOT IN ('delivered', 'post') THEN
        RAISE EXCEPTION 'outcome must be delivered (the EMSP has the CDR) or post (it does not: send it again)';
    END IF;
    SELECT * INTO delivery FROM cdr_deliveries d
     WHERE d.peer_id = peer AND d.country_code = key.cc AND d.party_id = key.pid AND d.cdr_key = lower(cdr_id) FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'peer connection % has no delivery of CDR % of %', peer, cdr_id, tenant
            USING HINT = 'list_cdr_deliveries.sql shows the deliveries';
    END IF;
    IF delivery.delivered_at IS NOT NULL THEN
        RETURN format('CDR %s of %s was already delivered to peer connection %s', cdr_id, tenant, peer);
    END IF;
    IF outcome = 'delivered' THEN
        UPDATE cdr_deliveries d SET delivered_at = now(), confirmed_by = 'operator'
         WHERE d.peer_id = peer AND d.country_code = key.cc AND d.party_id = key.pid AND d.cdr_key = lower(cdr_id);
        RETURN format('CDR %s of %s is recorded as delivered to peer connection %s', cdr_id, tenant, peer);
    END IF;
    UPDATE cdr_deliveries d SET attempted_at = NULL
     WHERE d.peer_id = peer AND d.country_code = key.cc AND d.party_id = key.pid AND d.cdr_key = lower(cdr_id);
    PERFORM ocpi_push_resync(peer, 'cdrs', key.cc, key.pid);
    RETURN format('CDR %s of %s will be posted to peer connection %s again', cdr_id, tenant, peer);
END $$;

-- 0006's disconnect_peer, which never worked: its parameter `peer_id` made the tokens column of that name ambiguous.
CREATE OR REPLACE FUNCTION ocpi_admin.disconnect_peer(peer_id text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    peer bigint;
    found_state text;
BEGIN
    peer_id := ocpi_admin.require(peer_id, 'peer_id', '7');
    IF peer_id !~ '^[0-9]+$' THEN
        RAISE EXCEPTION 'peer_id must be a number: the id column of list_peers.sql';
    END IF;
    peer := peer_id::bigint;
    SELECT state INTO found_state FROM peer_connections WHERE id = peer FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown peer connection %', peer USING HINT = 'list_peers.sql shows the peer connections';
    END IF;
    IF found_state = 'unregistered' THEN
        RETURN format('peer connection %s was already disconnected', peer);
    END IF;
    UPDATE peer_connections SET state = 'unregistered', updated_at = now(), last_error = 'disconnected by the operator'
     WHERE id = peer;
    UPDATE tokens SET revoked_at = now() WHERE tokens.peer_id = peer AND tokens.revoked_at IS NULL;
    RETURN format('disconnected peer connection %s: its tokens are revoked and nothing more is pushed to it', peer);
END $$;

-- A change of the parties a connection reads must reach cached token lookups like any other change of access.
CREATE TRIGGER peer_connections_reader_parties_changed AFTER UPDATE OF reader_parties ON peer_connections
    FOR EACH STATEMENT EXECUTE FUNCTION ocpi_tokens_changed();
