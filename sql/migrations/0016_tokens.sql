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
    started_at           timestamptz,
    finished_at          timestamptz,
    pages                integer     NOT NULL DEFAULT 0,
    stored               integer     NOT NULL DEFAULT 0,
    kept_newer           integer     NOT NULL DEFAULT 0,
    refused              integer     NOT NULL DEFAULT 0,
    consecutive_failures integer     NOT NULL DEFAULT 0,
    last_error           text
);

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

-- A party back to CONNECTED gets what it missed through that Hub: a resync of the Sessions and CDRs the Hub reads
-- (CDRs it already has are skipped).
CREATE FUNCTION ocpi_hub_party_reconnected() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status IN ('OFFLINE', 'SUSPENDED') AND NEW.status = 'CONNECTED'
       AND EXISTS (SELECT 1 FROM peer_connections p WHERE p.id = NEW.peer_id AND p.state = 'connected'
                      AND NEW.country_code || '*' || NEW.party_id = ANY (coalesce(p.reader_parties, '{}'))) THEN
        PERFORM ocpi_push_resync(NEW.peer_id, m.module) FROM ocpi_data_modules m WHERE m.reader_rule = 'token_party';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER hub_client_info_reconnected AFTER UPDATE OF status ON hub_client_info
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION ocpi_hub_party_reconnected();
