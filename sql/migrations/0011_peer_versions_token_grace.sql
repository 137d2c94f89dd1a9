-- Three operator-facing hardenings (issue 9):
--   * versions offered per peer connection: create_registration.sql, connect_peer.sql and register_peer.sql take an
--     optional `versions` list; that connection is offered only those versions, with every token it holds;
--   * a rotated token C keeps working for a grace period: until its successor is first used, or 10 minutes;
--   * a chosen owner token shorter than 16 characters is refused unless the operator says weak_ok=1.

-- NULL: every version the service speaks (a later release's new versions included). Otherwise the versions this
-- connection may use, oldest first.
ALTER TABLE peer_connections ADD COLUMN versions text[] CHECK (versions IS NULL OR cardinality(versions) > 0);

-- A change of the offered versions must reach cached token lookups like any other change of access.
CREATE TRIGGER peer_connections_versions_changed AFTER UPDATE OF versions ON peer_connections
    FOR EACH STATEMENT EXECUTE FUNCTION ocpi_tokens_changed();

-- Rotation grace (credentials PUT): the caller's token gets `retires_at` (now + 10 minutes) and `successor_id` (the
-- token issued in its place). It keeps working until then, or until the successor is first used, whichever comes
-- first: if the answer carrying the new token is lost, the peer is not locked out.
ALTER TABLE tokens
    ADD COLUMN retires_at   timestamptz,
    ADD COLUMN successor_id bigint REFERENCES tokens (id) ON DELETE SET NULL;
CREATE INDEX tokens_successor ON tokens (successor_id) WHERE successor_id IS NOT NULL;

-- The first use of a token (its `last_used_at` set for the first time, which the service does on the first lookup)
-- ends the grace of the token it replaced. Revoking fires `tokens_changed`, so cached lookups of the old one go.
-- Only when there is a predecessor to revoke: the UPDATE fires the statement trigger `tokens_changed` even when it
-- changes no row, and every token's first use would then empty every instance's token cache.
CREATE FUNCTION ocpi_token_first_used() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM tokens WHERE successor_id = NEW.id AND revoked_at IS NULL) THEN
        UPDATE tokens SET revoked_at = now() WHERE successor_id = NEW.id AND revoked_at IS NULL;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER tokens_first_used AFTER UPDATE OF last_used_at ON tokens
    FOR EACH ROW WHEN (OLD.last_used_at IS NULL AND NEW.last_used_at IS NOT NULL)
    EXECUTE FUNCTION ocpi_token_first_used();

-- The versions this platform speaks, oldest first. Kept in step with VersionNumber.supported (the renderers of
-- migrations 0007 and 0009 know the same two).
CREATE FUNCTION ocpi_admin.spoken_versions() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['2.2.1', '2.3.0']
$$;

-- Parses '2.2.1' or '2.2.1,2.3.0' into the versions offered to a connection, oldest first; NULL (blank) means all.
CREATE FUNCTION ocpi_admin.parse_versions(versions text) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    item text;
    parsed text[] := '{}';
BEGIN
    IF versions IS NULL OR btrim(versions) = '' THEN
        RETURN NULL;
    END IF;
    FOREACH item IN ARRAY string_to_array(versions, ',') LOOP
        item := btrim(item);
        IF NOT item = ANY (ocpi_admin.spoken_versions()) THEN
            RAISE EXCEPTION 'unknown version "%" in versions: this platform speaks %; pass for example -v versions=2.2.1',
                item, array_to_string(ocpi_admin.spoken_versions(), ', ');
        END IF;
        IF NOT item = ANY (parsed) THEN
            parsed := parsed || item;
        END IF;
    END LOOP;
    RETURN ARRAY(SELECT v FROM unnest(ocpi_admin.spoken_versions()) WITH ORDINALITY AS s (v, n) WHERE v = ANY (parsed) ORDER BY n);
END $$;

-- A chosen owner token must be long enough to resist guessing, unless the operator accepts a weak one on purpose
-- (weak_ok: the demo tenant of `make run`, whose token is `your-token`).
CREATE FUNCTION ocpi_admin.check_owner_token(token text, weak_ok boolean) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    PERFORM ocpi_admin.check_token(token);
    IF length(token) < 16 AND NOT coalesce(weak_ok, false) THEN
        RAISE EXCEPTION 'the chosen token is % characters long; an owner token needs at least 16', length(token)
            USING HINT = 'omit token to have a strong one generated, or pass -v weak_ok=1 for a throwaway demo token';
    END IF;
    RETURN token;
END $$;

-- The functions below gain a parameter; the old signatures go, so that calls with the old arguments still resolve
-- (to the new ones, through the defaults) without ambiguity.
DROP FUNCTION ocpi_admin.create_tenant(text, text, text, text, text);
DROP FUNCTION ocpi_admin.issue_owner_token(text, text, text);
DROP FUNCTION ocpi_admin.store_owner_token(text, text, text);
DROP FUNCTION ocpi_admin.create_registration(text);
DROP FUNCTION ocpi_admin.connect_peer(text, text, text);
DROP FUNCTION ocpi_admin.register_peer(text, text, text, text, text, text);

CREATE FUNCTION ocpi_admin.store_owner_token(cc text, pid text, chosen text, weak_ok boolean) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    plain text := coalesce(ocpi_admin.check_owner_token(chosen, weak_ok), ocpi_admin.new_token());
    existing tokens%ROWTYPE;
BEGIN
    SELECT * INTO existing FROM tokens WHERE digest = ocpi_admin.token_digest(plain);
    IF FOUND THEN
        IF existing.kind = 'owner' AND existing.country_code = cc AND existing.party_id = pid AND existing.revoked_at IS NULL THEN
            RETURN plain;
        END IF;
        IF existing.revoked_at IS NOT NULL THEN
            RAISE EXCEPTION 'that token was revoked and cannot be issued again; choose another one (make run: DEMO_TOKEN=…)';
        END IF;
        RAISE EXCEPTION 'that token is already in use; choose another one or omit token to generate one';
    END IF;
    INSERT INTO tokens (digest, kind, country_code, party_id, hint)
    VALUES (ocpi_admin.token_digest(plain), 'owner', cc, pid, ocpi_admin.token_hint(plain));
    RETURN plain;
END $$;

CREATE FUNCTION ocpi_admin.create_tenant(
    country_code text, party_id text, name text, website text, token text, weak_ok boolean DEFAULT false
) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    key record;
BEGIN
    SELECT * INTO key FROM ocpi_admin.tenant_key(country_code, party_id);
    name := ocpi_admin.require(name, 'name', '''Example Charging''');
    IF length(name) > 100 THEN
        RAISE EXCEPTION 'name is % characters long; OCPI business details allow at most 100', length(name);
    END IF;
    website := nullif(btrim(website), '');
    IF website IS NOT NULL AND (length(website) > 255 OR website !~* '^https?://') THEN
        RAISE EXCEPTION 'website must be an http(s) URL of at most 255 characters';
    END IF;
    PERFORM 1 FROM tenants t WHERE t.country_code = key.cc AND t.party_id = key.pid;
    IF FOUND THEN
        RAISE EXCEPTION 'tenant %*% already exists', key.cc, key.pid USING HINT = 'issue_owner_token.sql issues a further token';
    END IF;
    INSERT INTO tenants (country_code, party_id, name, website) VALUES (key.cc, key.pid, name, website);
    RETURN ocpi_admin.store_owner_token(key.cc, key.pid, nullif(token, ''), weak_ok);
END $$;

CREATE FUNCTION ocpi_admin.issue_owner_token(country_code text, party_id text, token text, weak_ok boolean DEFAULT false)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    key record;
BEGIN
    SELECT * INTO key FROM ocpi_admin.existing_tenant(country_code, party_id);
    RETURN ocpi_admin.store_owner_token(key.cc, key.pid, nullif(token, ''), weak_ok);
END $$;

CREATE FUNCTION ocpi_admin.create_registration(tenants text, versions text DEFAULT NULL) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    parsed record;
    offered text[] := ocpi_admin.parse_versions(versions);
    peer bigint;
    plain text := ocpi_admin.new_token();
BEGIN
    SELECT * INTO parsed FROM ocpi_admin.parse_tenants(tenants);
    INSERT INTO peer_connections (state, all_tenants, versions) VALUES ('awaiting_registration', parsed.all_tenants, offered)
    RETURNING id INTO peer;
    PERFORM ocpi_admin.grant_tenants(peer, parsed.keys);
    INSERT INTO tokens (digest, kind, peer_id, hint)
    VALUES (ocpi_admin.token_digest(plain), 'registration', peer, ocpi_admin.token_hint(plain));
    RETURN plain;
END $$;

CREATE FUNCTION ocpi_admin.connect_peer(versions_url text, token_a text, tenants text, versions text DEFAULT NULL)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    parsed record;
    offered text[] := ocpi_admin.parse_versions(versions);
    peer bigint;
BEGIN
    versions_url := ocpi_admin.require(versions_url, 'versions_url', 'https://emsp.example.com/ocpi/versions');
    IF versions_url !~* '^https?://' OR length(versions_url) > 255 THEN
        RAISE EXCEPTION 'versions_url must be an http(s) URL of at most 255 characters';
    END IF;
    token_a := ocpi_admin.check_token(ocpi_admin.require(token_a, 'token_a', 'the-token-they-gave-you'));
    SELECT * INTO parsed FROM ocpi_admin.parse_tenants(tenants);
    INSERT INTO peer_connections (state, all_tenants, versions_url, peer_token, next_attempt_at, versions)
    VALUES ('handshake_pending', parsed.all_tenants, versions_url, token_a, now(), offered)
    RETURNING id INTO peer;
    PERFORM ocpi_admin.grant_tenants(peer, parsed.keys);
    RETURN format('peer connection %s recorded; the running service registers with %s (list_peers.sql shows the outcome)',
                  peer, versions_url);
END $$;

CREATE FUNCTION ocpi_admin.register_peer(
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
    INSERT INTO peer_connections (state, all_tenants, versions_url, peer_token, connected_at, needs_discovery, next_attempt_at, versions)
    VALUES ('connected', parsed.all_tenants, versions_url, token, now(), versions_url IS NOT NULL,
            CASE WHEN versions_url IS NOT NULL THEN now() END, offered)
    RETURNING id INTO peer;
    INSERT INTO peer_roles (peer_id, role, country_code, party_id, business_details)
    VALUES (peer, role, key.cc, key.pid, jsonb_build_object('name', key.cc || '*' || key.pid));
    PERFORM ocpi_admin.grant_tenants(peer, parsed.keys);
    INSERT INTO tokens (digest, kind, peer_id, hint)
    VALUES (ocpi_admin.token_digest(plain), 'peer', peer, ocpi_admin.token_hint(plain));
    RETURN plain;
END $$;
