-- The logic behind sql/admin/*.sql. Each script is a thin psql wrapper that calls one of these functions inside a
-- transaction; the checks and the error messages an operator sees live here, in one place.

CREATE SCHEMA ocpi_admin;

-- A fresh token: 32 bytes from PostgreSQL's strong random source (two v4 UUIDs, 244 random bits), base64url.
CREATE FUNCTION ocpi_admin.new_token() RETURNS text LANGUAGE sql VOLATILE AS $$
    SELECT rtrim(translate(encode(decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'),
                                  'base64'), '+/', '-_'), '=')
$$;

CREATE FUNCTION ocpi_admin.token_digest(token text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT sha256(convert_to(token, 'UTF8'))
$$;

-- A short, safe hint for a token: four leading characters of a long token, nothing for a short (chosen) one.
CREATE FUNCTION ocpi_admin.token_hint(token text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN length(token) >= 20 THEN left(token, 4) || '…' ELSE '' END
$$;

CREATE FUNCTION ocpi_admin.require(value text, variable text, example text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    IF value IS NULL OR btrim(value) = '' THEN
        RAISE EXCEPTION '% is required: pass -v %=%', variable, variable, example;
    END IF;
    RETURN btrim(value);
END $$;

-- Validates a chosen token: printable ASCII without spaces, 1 to 64 characters (OCPI Credentials.token).
CREATE FUNCTION ocpi_admin.check_token(token text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    IF token !~ '^[!-~]{1,64}$' THEN
        RAISE EXCEPTION 'token must be 1 to 64 printable ASCII characters without spaces';
    END IF;
    RETURN token;
END $$;

-- Validates and upper-cases a tenant key; raises a message naming the bad part.
CREATE FUNCTION ocpi_admin.tenant_key(country_code text, party_id text, OUT cc text, OUT pid text)
LANGUAGE plpgsql AS $$
BEGIN
    cc := ocpi_admin.require(country_code, 'country_code', 'DE');
    pid := ocpi_admin.require(party_id, 'party_id', 'ABC');
    IF cc !~ '^[A-Za-z]{2}$' THEN
        RAISE EXCEPTION 'malformed country_code "%": expected two letters (ISO 3166-1 alpha-2), such as DE', cc;
    END IF;
    IF pid !~ '^[A-Za-z0-9]{3}$' THEN
        RAISE EXCEPTION 'malformed party_id "%": expected three letters or digits, such as ABC', pid;
    END IF;
    cc := upper(cc);
    pid := upper(pid);
END $$;

-- An existing tenant's key, or an 'unknown tenant' error.
CREATE FUNCTION ocpi_admin.existing_tenant(country_code text, party_id text, OUT cc text, OUT pid text)
LANGUAGE plpgsql AS $$
BEGIN
    SELECT k.cc, k.pid INTO cc, pid FROM ocpi_admin.tenant_key(country_code, party_id) k;
    PERFORM 1 FROM tenants t WHERE t.country_code = cc AND t.party_id = pid;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown tenant %*%', cc, pid USING HINT = 'list_tenants.sql shows the tenants';
    END IF;
END $$;

-- Parses 'DE*ABC,ES*XYZ' or '*' into a list of existing tenants; all_tenants is true for '*'.
CREATE FUNCTION ocpi_admin.parse_tenants(tenants text, OUT all_tenants boolean, OUT keys text[])
LANGUAGE plpgsql AS $$
DECLARE
    item text;
    key record;
BEGIN
    tenants := ocpi_admin.require(tenants, 'tenants', '''DE*ABC,ES*XYZ'' or ''*''');
    keys := '{}';
    IF tenants = '*' THEN
        all_tenants := true;
        RETURN;
    END IF;
    all_tenants := false;
    FOREACH item IN ARRAY string_to_array(tenants, ',') LOOP
        item := btrim(item);
        IF item !~ '^[^*]+\*[^*]+$' THEN
            RAISE EXCEPTION 'malformed tenant "%": expected COUNTRY*PARTY such as DE*ABC, or * for all', item;
        END IF;
        SELECT * INTO key FROM ocpi_admin.existing_tenant(split_part(item, '*', 1), split_part(item, '*', 2));
        IF NOT (key.cc || '*' || key.pid = ANY (keys)) THEN
            keys := keys || (key.cc || '*' || key.pid);
        END IF;
    END LOOP;
END $$;

CREATE FUNCTION ocpi_admin.grant_tenants(peer bigint, tenant_keys text[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO peer_tenant_grants (country_code, party_id, peer_id)
    SELECT split_part(k, '*', 1), split_part(k, '*', 2), peer FROM unnest(tenant_keys) AS k
    ON CONFLICT DO NOTHING
$$;

-- Stores an owner token for a tenant. A chosen token that is already this tenant's live owner token is kept as it
-- is (so that re-running `make run` is harmless); one used anywhere else is refused.
CREATE FUNCTION ocpi_admin.store_owner_token(cc text, pid text, chosen text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    plain text := coalesce(ocpi_admin.check_token(chosen), ocpi_admin.new_token());
    existing tokens%ROWTYPE;
BEGIN
    SELECT * INTO existing FROM tokens WHERE digest = ocpi_admin.token_digest(plain);
    IF FOUND THEN
        IF existing.kind = 'owner' AND existing.country_code = cc AND existing.party_id = pid AND existing.revoked_at IS NULL THEN
            RETURN plain;
        END IF;
        RAISE EXCEPTION 'that token is already in use; choose another one or omit token to generate one';
    END IF;
    INSERT INTO tokens (digest, kind, country_code, party_id, hint)
    VALUES (ocpi_admin.token_digest(plain), 'owner', cc, pid, ocpi_admin.token_hint(plain));
    RETURN plain;
END $$;

CREATE FUNCTION ocpi_admin.create_tenant(country_code text, party_id text, name text, website text, token text)
RETURNS text LANGUAGE plpgsql AS $$
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
    RETURN ocpi_admin.store_owner_token(key.cc, key.pid, nullif(token, ''));
END $$;

CREATE FUNCTION ocpi_admin.issue_owner_token(country_code text, party_id text, token text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    key record;
BEGIN
    SELECT * INTO key FROM ocpi_admin.existing_tenant(country_code, party_id);
    RETURN ocpi_admin.store_owner_token(key.cc, key.pid, nullif(token, ''));
END $$;

CREATE FUNCTION ocpi_admin.create_registration(tenants text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    parsed record;
    peer bigint;
    plain text := ocpi_admin.new_token();
BEGIN
    SELECT * INTO parsed FROM ocpi_admin.parse_tenants(tenants);
    INSERT INTO peer_connections (state, all_tenants) VALUES ('awaiting_registration', parsed.all_tenants)
    RETURNING id INTO peer;
    PERFORM ocpi_admin.grant_tenants(peer, parsed.keys);
    INSERT INTO tokens (digest, kind, peer_id, hint)
    VALUES (ocpi_admin.token_digest(plain), 'registration', peer, ocpi_admin.token_hint(plain));
    RETURN plain;
END $$;

CREATE FUNCTION ocpi_admin.register_peer(
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
    INSERT INTO peer_connections (state, all_tenants, versions_url, peer_token, connected_at)
    VALUES ('connected', parsed.all_tenants, versions_url, token, now())
    RETURNING id INTO peer;
    INSERT INTO peer_roles (peer_id, role, country_code, party_id, business_details)
    VALUES (peer, role, key.cc, key.pid, jsonb_build_object('name', key.cc || '*' || key.pid));
    PERFORM ocpi_admin.grant_tenants(peer, parsed.keys);
    INSERT INTO tokens (digest, kind, peer_id, hint)
    VALUES (ocpi_admin.token_digest(plain), 'peer', peer, ocpi_admin.token_hint(plain));
    RETURN plain;
END $$;

CREATE FUNCTION ocpi_admin.revoke_token(token text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    found_token tokens%ROWTYPE;
BEGIN
    token := ocpi_admin.require(token, 'token', 'the-token-to-revoke');
    SELECT * INTO found_token FROM tokens WHERE digest = ocpi_admin.token_digest(token);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown token: no token with that value was issued here';
    END IF;
    IF found_token.revoked_at IS NOT NULL THEN
        RETURN format('token %s was already revoked at %s', found_token.id, found_token.revoked_at);
    END IF;
    UPDATE tokens SET revoked_at = now() WHERE id = found_token.id;
    RETURN format('revoked %s token %s (%s)', found_token.kind, found_token.id,
        coalesce(found_token.country_code || '*' || found_token.party_id, 'peer connection ' || found_token.peer_id));
END $$;

CREATE FUNCTION ocpi_admin.delete_tenant(country_code text, party_id text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    key record;
BEGIN
    SELECT * INTO key FROM ocpi_admin.existing_tenant(country_code, party_id);
    -- Every tenant-owned table references tenants with ON DELETE CASCADE.
    DELETE FROM tenants t WHERE t.country_code = key.cc AND t.party_id = key.pid;
    RETURN format('deleted tenant %s*%s and all its data', key.cc, key.pid);
END $$;
