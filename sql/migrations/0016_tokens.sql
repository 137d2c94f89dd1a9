-- Tokens (issue 13): the EMSPs' tokens, which their connections push to us, and the record of every authorization
-- the tenants' back-offices ask for.
--
-- A Token belongs to an EMSP party, not to a tenant: `country_code` and `party_id` here are the EMSP's, and a peer
-- writes only the parties it speaks for (its reader parties, peer_connections.reader_parties). A tenant authorizes
-- with the tokens of the parties whose connections it is granted to. The table follows the module pattern (0012) so
-- that the pipeline reads and writes it; its `id` is `uid/TYPE`, since a Token is keyed by uid and type together
-- (a uid in a URL never holds '/'). It is not a push module: tokens never leave for another peer, so the table is
-- not in ocpi_data_modules.

CREATE TABLE emsp_tokens (
    country_code text        NOT NULL CHECK (country_code ~ '^[A-Z]{2}$'),
    party_id     text        NOT NULL CHECK (party_id ~ '^[A-Z0-9]{3}$'),
    id           text        NOT NULL CHECK (length(id) BETWEEN 3 AND 80),
    id_key       text        GENERATED ALWAYS AS (lower(id)) STORED,
    seq          bigint      GENERATED ALWAYS AS IDENTITY,
    document     jsonb       NOT NULL,
    doc_221      text,
    doc_230      text,
    shared       boolean     NOT NULL,
    uid_key      text        GENERATED ALWAYS AS (lower(document ->> 'uid')) STORED,
    token_type   text        GENERATED ALWAYS AS (upper(document ->> 'type')) STORED,
    last_updated timestamptz NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (country_code, party_id, id_key),
    UNIQUE (seq)
);
-- Authorization finds a token by uid and type (upper-cased: a 2.3.0 type is an OpenEnum), whatever its party.
CREATE INDEX emsp_tokens_uid ON emsp_tokens (uid_key, token_type);

-- One row per authorization a tenant's back-office asked for: what was asked, what was answered, from where, and
-- how long it took. `allowed` is NULL when nothing was decided (unknown token, EMSP unreachable or refusing).
CREATE TABLE authorizations (
    id                      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at              timestamptz NOT NULL DEFAULT now(),
    country_code            text        NOT NULL,
    party_id                text        NOT NULL,
    token_uid               text        NOT NULL,
    token_type              text        NOT NULL,
    token_country_code      text,
    token_party_id          text,
    peer_id                 bigint      REFERENCES peer_connections (id) ON DELETE SET NULL,
    location_id             text,
    evse_uids               text[],
    allowed                 text,
    source                  text        NOT NULL CHECK (source IN ('stored', 'real_time', 'stored_offline', 'none')),
    outcome                 text        NOT NULL CHECK (outcome IN ('answered', 'unknown_token', 'ambiguous', 'emsp_unreachable', 'emsp_refused')),
    authorization_reference text,
    latency_us              bigint      NOT NULL,
    detail                  text,
    FOREIGN KEY (country_code, party_id) REFERENCES tenants (country_code, party_id) ON DELETE CASCADE
);
CREATE INDEX authorizations_tenant_time ON authorizations (country_code, party_id, created_at);
CREATE INDEX authorizations_time ON authorizations (created_at);

-- Records one decision without waiting for the WAL flush (synchronous_commit off for this transaction only): the
-- back-office is answered at once, and a crash can lose at most the last moment's records, never a token or a
-- setting. Called as one autocommit statement.
CREATE FUNCTION ocpi_record_authorization(
    p_country_code text, p_party_id text, p_token_uid text, p_token_type text, p_token_country_code text,
    p_token_party_id text, p_peer_id bigint, p_location_id text, p_evse_uids text[], p_allowed text, p_source text,
    p_outcome text, p_authorization_reference text, p_latency_us bigint, p_detail text
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    INSERT INTO authorizations (country_code, party_id, token_uid, token_type, token_country_code, token_party_id, peer_id,
                                location_id, evse_uids, allowed, source, outcome, authorization_reference, latency_us, detail)
    VALUES (p_country_code, p_party_id, p_token_uid, p_token_type, p_token_country_code, p_token_party_id, p_peer_id,
            p_location_id, p_evse_uids, p_allowed, p_source, p_outcome, p_authorization_reference, p_latency_us, p_detail);
END $$;

-- The pull of each EMSP connection's tokens from its Tokens Sender (the service's TokenSync): when it connects, then
-- every TOKENS_SYNC_MINUTES with date_from = the start of the last complete pull, following `Link` to the end. One
-- row per connection that has been pulled; `lease_until` marks a pull under way (one instance at a time), and the
-- counts are the current or last pull's. `list_peers.sql` shows them.
CREATE TABLE token_syncs (
    peer_id              bigint      PRIMARY KEY REFERENCES peer_connections (id) ON DELETE CASCADE,
    synced_from          timestamptz,
    next_due_at          timestamptz NOT NULL DEFAULT now(),
    lease_until          timestamptz,
    claim_id             text,
    started_at           timestamptz,
    finished_at          timestamptz,
    pages                integer     NOT NULL DEFAULT 0,
    stored               integer     NOT NULL DEFAULT 0,
    kept_newer           integer     NOT NULL DEFAULT 0,
    refused              integer     NOT NULL DEFAULT 0,
    consecutive_failures integer     NOT NULL DEFAULT 0,
    last_error           text
);

-- A connection whose parties, Tokens Sender or state changed is pulled again at once, from the beginning: the
-- tokens of a party it gained were refused before, and a new Sender's list is unknown.
CREATE FUNCTION ocpi_token_sync_reset() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A pull under way loses its claim, and stops at its next page.
    UPDATE token_syncs SET synced_from = NULL, next_due_at = now(), consecutive_failures = 0, claim_id = NULL, lease_until = NULL
     WHERE peer_id = NEW.id;
    RETURN NULL;
END $$;
-- A connection's Tokens Sender URL (NULL when it has none).
CREATE FUNCTION ocpi_tokens_sender_url(endpoints jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT e ->> 'url' FROM jsonb_array_elements(endpoints) e WHERE e ->> 'identifier' = 'tokens' AND e ->> 'role' = 'SENDER' LIMIT 1
$$;
CREATE TRIGGER peer_connections_token_sync_reset AFTER UPDATE OF reader_parties, endpoints, state ON peer_connections
    FOR EACH ROW WHEN (NEW.reader_parties IS DISTINCT FROM OLD.reader_parties
                       OR (NEW.state = 'connected' AND OLD.state IS DISTINCT FROM 'connected')
                       OR ocpi_tokens_sender_url(NEW.endpoints) IS DISTINCT FROM ocpi_tokens_sender_url(OLD.endpoints))
    EXECUTE FUNCTION ocpi_token_sync_reset();

-- HubClientInfo (issue 13): what each Hub connection reports about the parties behind it. A party it reports
-- OFFLINE or SUSPENDED is not a push target through that Hub for Sessions and CDRs (the modules whose pushes are
-- addressed to one party) until it is CONNECTED again, which queues a resync of them for the Hub.
CREATE TABLE hub_client_info (
    peer_id      bigint      NOT NULL REFERENCES peer_connections (id) ON DELETE CASCADE,
    country_code text        NOT NULL CHECK (country_code ~ '^[A-Z]{2}$'),
    party_id     text        NOT NULL CHECK (party_id ~ '^[A-Z0-9]{3}$'),
    role         text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('CONNECTED', 'OFFLINE', 'PLANNED', 'SUSPENDED')),
    document     jsonb       NOT NULL,
    last_updated timestamptz NOT NULL,
    -- Since when the Hub has reported the party OFFLINE or SUSPENDED (NULL while it does not).
    offline_since timestamptz,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (peer_id, country_code, party_id)
);

-- 0015's targets, without a Hub for a reader party it reports unreachable.
CREATE OR REPLACE FUNCTION ocpi_push_targets(p_country_code text, p_party_id text, p_module text, p_include_suspended boolean DEFAULT false,
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
            OR (upper(p_reader_country_code) || '*' || upper(p_reader_party_id) = ANY (coalesce(p.reader_parties, '{}'))
                AND NOT EXISTS (SELECT 1 FROM hub_client_info h
                                 WHERE h.peer_id = p.id AND h.country_code = upper(p_reader_country_code)
                                   AND h.party_id = upper(p_reader_party_id) AND h.status IN ('OFFLINE', 'SUSPENDED'))))
$$;

-- 0015's resync, narrowed to one reader party and to objects changed since a time when they are given (changed:
-- written, by the outbox; outbox events are kept a week).
DROP FUNCTION ocpi_push_resync(bigint, text, text, text);
CREATE FUNCTION ocpi_push_resync(p_peer_id bigint, p_module text DEFAULT NULL, p_country_code text DEFAULT NULL,
                                 p_party_id text DEFAULT NULL, p_reader_party text DEFAULT NULL,
                                 p_changed_since timestamptz DEFAULT NULL) RETURNS integer LANGUAGE plpgsql AS $$
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
                   -- Changed since: an outbox event recorded then (a CPO's last_updated may be any date).
                   AND ($6::timestamptz IS NULL OR EXISTS (SELECT 1 FROM outbox_events e
                         WHERE e.module = $4 AND e.country_code = o.country_code AND e.party_id = o.party_id
                           AND lower(e.object_id) = o.id_key AND e.created_at >= $6))
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
                                        || '= ANY (coalesce((SELECT c.reader_parties FROM peer_connections c WHERE c.id = $1), ''{}'')) '
                                        || 'AND ($5::text IS NULL OR o.reader_country_code || ''*'' || o.reader_party_id = $5)'
                ELSE 'true' END
            -- A CDR the peer already has is never queued again (its pusher would skip it anyway).
            || CASE WHEN m.module = 'cdrs' THEN ' AND NOT EXISTS (SELECT 1 FROM cdr_deliveries cd WHERE cd.peer_id = $1 '
                                              || 'AND cd.country_code = o.country_code AND cd.party_id = o.party_id '
                                              || 'AND cd.cdr_key = o.id_key AND cd.delivered_at IS NOT NULL)'
                    ELSE '' END)
            USING p_peer_id, p_country_code, p_party_id, m.module, p_reader_party, p_changed_since;
        GET DIAGNOSTICS n = ROW_COUNT;
        queued := queued + n;
    END LOOP;
    IF queued > 0 THEN
        INSERT INTO push_peers (peer_id) VALUES (p_peer_id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN queued;
END $$;

-- A party the Hub no longer reports OFFLINE or SUSPENDED (CONNECTED, or PLANNED) gets what it missed through that
-- Hub: a resync of that party's Sessions and CDRs changed since it went offline, less 72 hours (deliveries queued
-- before it went offline were skipped when they came up; a backlog older than that suspends the peer anyway). CDRs
-- the Hub has are skipped.
CREATE FUNCTION ocpi_hub_party_reconnected() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM peer_connections p WHERE p.id = NEW.peer_id AND p.state = 'connected'
                  AND NEW.country_code || '*' || NEW.party_id = ANY (coalesce(p.reader_parties, '{}'))) THEN
        PERFORM ocpi_push_resync(NEW.peer_id, m.module, NULL, NULL, NEW.country_code || '*' || NEW.party_id,
                                 OLD.offline_since - interval '72 hours')
           FROM ocpi_data_modules m WHERE m.reader_rule = 'token_party';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER hub_client_info_reconnected AFTER UPDATE OF status ON hub_client_info
    FOR EACH ROW WHEN (OLD.status IN ('OFFLINE', 'SUSPENDED') AND NEW.status NOT IN ('OFFLINE', 'SUSPENDED'))
    EXECUTE FUNCTION ocpi_hub_party_reconnected();
