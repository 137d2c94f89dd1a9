-- Registering with peers from our side (connect_peer.sql): the service performs the handshake and records the
-- outcome; network failures are retried with back-off. Hand-registered peers with a versions URL and token get
-- their endpoints discovered the same way.

ALTER TABLE peer_connections
    ADD COLUMN attempts        integer     NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at timestamptz,
    ADD COLUMN needs_discovery boolean     NOT NULL DEFAULT false;

-- Work for the service's peer connector: a pending handshake or a discovery, due now.
CREATE INDEX peer_connections_due ON peer_connections (next_attempt_at)
    WHERE state = 'handshake_pending' OR needs_discovery;

CREATE FUNCTION ocpi_peers_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state = 'handshake_pending' OR NEW.needs_discovery THEN
        PERFORM pg_notify('ocpi_peers_pending', NEW.id::text);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER peer_connections_pending AFTER INSERT OR UPDATE OF state, needs_discovery, next_attempt_at ON peer_connections
    FOR EACH ROW EXECUTE FUNCTION ocpi_peers_pending();

-- connect_peer.sql: we register with a peer that gave us its versions URL and token A.
CREATE FUNCTION ocpi_admin.connect_peer(versions_url text, token_a text, tenants text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    parsed record;
    peer bigint;
BEGIN
    versions_url := ocpi_admin.require(versions_url, 'versions_url', 'https://emsp.example.com/ocpi/versions');
    IF versions_url !~* '^https?://' OR length(versions_url) > 255 THEN
        RAISE EXCEPTION 'versions_url must be an http(s) URL of at most 255 characters';
    END IF;
    token_a := ocpi_admin.check_token(ocpi_admin.require(token_a, 'token_a', 'the-token-they-gave-you'));
    SELECT * INTO parsed FROM ocpi_admin.parse_tenants(tenants);
    INSERT INTO peer_connections (state, all_tenants, versions_url, peer_token, next_attempt_at)
    VALUES ('handshake_pending', parsed.all_tenants, versions_url, token_a, now())
    RETURNING id INTO peer;
    PERFORM ocpi_admin.grant_tenants(peer, parsed.keys);
    RETURN format('peer connection %s recorded; the running service registers with %s (list_peers.sql shows the outcome)',
                  peer, versions_url);
END $$;

-- Hand-registered peers with a versions URL and their token get their endpoints discovered by the service.
CREATE OR REPLACE FUNCTION ocpi_admin.register_peer(
    country_code text, party_id text, role text, tenants text, versions_url text, token text
) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    key record;
    parsed record;
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
    INSERT INTO peer_connections (state, all_tenants, versions_url, peer_token, connected_at, needs_discovery, next_attempt_at)
    VALUES ('connected', parsed.all_tenants, versions_url, token, now(), versions_url IS NOT NULL,
            CASE WHEN versions_url IS NOT NULL THEN now() END)
    RETURNING id INTO peer;
    INSERT INTO peer_roles (peer_id, role, country_code, party_id, business_details)
    VALUES (peer, role, key.cc, key.pid, jsonb_build_object('name', key.cc || '*' || key.pid));
    PERFORM ocpi_admin.grant_tenants(peer, parsed.keys);
    INSERT INTO tokens (digest, kind, peer_id, hint)
    VALUES (ocpi_admin.token_digest(plain), 'peer', peer, ocpi_admin.token_hint(plain));
    RETURN plain;
END $$;
