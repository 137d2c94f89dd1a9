-- The platform's spine: tenants (CPO parties), peer connections (EMSP platforms) with their tenant grants and
-- roles, and the token table that authenticates every request.
-- Country codes and party ids are kept upper-case; CiString comparison is therefore plain equality.

CREATE TABLE tenants (
    country_code text        NOT NULL CHECK (country_code ~ '^[A-Z]{2}$'),
    party_id     text        NOT NULL CHECK (party_id ~ '^[A-Z0-9]{3}$'),
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    website      text        CHECK (website IS NULL OR length(website) BETWEEN 1 AND 255),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (country_code, party_id)
);

-- One EMSP platform (it may carry several roles). `state` follows the credentials handshake:
--   awaiting_registration: token A issued, nobody has registered with it yet;
--   handshake_pending:     we are to register with them (connect_peer.sql), the service has not finished;
--   connected:             registered, either way;
--   failed:                our handshake with them gave up (see last_error);
--   unregistered:          DELETE credentials, or revoked by the operator.
CREATE TABLE peer_connections (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    state             text        NOT NULL CHECK (state IN
                        ('awaiting_registration', 'handshake_pending', 'connected', 'failed', 'unregistered')),
    all_tenants       boolean     NOT NULL DEFAULT false,  -- granted '*': every tenant, present and future
    versions_url      text,                                -- their versions endpoint
    version           text,                                -- the OCPI version agreed with them
    peer_token        text,                                -- token B (the token we call them with); needed in plain to send it
    peer_token_format text        NOT NULL DEFAULT 'base64' CHECK (peer_token_format IN ('base64', 'raw')),
    endpoints         jsonb       NOT NULL DEFAULT '[]',   -- their Endpoint list for `version`
    hub_party_id      text,
    last_error        text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    connected_at      timestamptz
);

-- The roles a peer connection carries (its CredentialsRole list): used for OCPI-from-* checks and OCPI-to-* on pushes.
CREATE TABLE peer_roles (
    peer_id          bigint NOT NULL REFERENCES peer_connections (id) ON DELETE CASCADE,
    role             text   NOT NULL,
    country_code     text   NOT NULL CHECK (country_code ~ '^[A-Z]{2}$'),
    party_id         text   NOT NULL CHECK (party_id ~ '^[A-Z0-9]{3}$'),
    business_details jsonb  NOT NULL DEFAULT '{}',
    PRIMARY KEY (peer_id, role, country_code, party_id)
);

-- Which tenants a peer connection may see (unless it has all_tenants).
CREATE TABLE peer_tenant_grants (
    country_code text   NOT NULL,
    party_id     text   NOT NULL,
    peer_id      bigint NOT NULL REFERENCES peer_connections (id) ON DELETE CASCADE,
    PRIMARY KEY (country_code, party_id, peer_id),
    FOREIGN KEY (country_code, party_id) REFERENCES tenants (country_code, party_id) ON DELETE CASCADE
);
CREATE INDEX peer_tenant_grants_peer ON peer_tenant_grants (peer_id);

-- The authenticator. Only SHA-256 digests of tokens we issue are stored.
--   owner:        a tenant's back-office (scope: country_code, party_id);
--   registration: token A, one use (scope: the peer connection it will register);
--   peer:         token C, what a registered peer calls us with (scope: its peer connection).
CREATE TABLE tokens (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    digest       bytea       NOT NULL UNIQUE CHECK (length(digest) = 32),
    kind         text        NOT NULL CHECK (kind IN ('owner', 'registration', 'peer')),
    country_code text,
    party_id     text,
    peer_id      bigint      REFERENCES peer_connections (id) ON DELETE CASCADE,
    hint         text        NOT NULL DEFAULT '',  -- a few leading characters of long generated tokens, to tell them apart
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz,
    FOREIGN KEY (country_code, party_id) REFERENCES tenants (country_code, party_id) ON DELETE CASCADE,
    CHECK (CASE kind
        WHEN 'owner' THEN country_code IS NOT NULL AND party_id IS NOT NULL AND peer_id IS NULL
        ELSE country_code IS NULL AND party_id IS NULL AND peer_id IS NOT NULL
    END)
);
CREATE INDEX tokens_tenant ON tokens (country_code, party_id) WHERE country_code IS NOT NULL;
CREATE INDEX tokens_peer ON tokens (peer_id) WHERE peer_id IS NOT NULL;

-- Any change to a token (revocation, deletion, a rotated peer) tells running services to forget cached lookups.
CREATE FUNCTION ocpi_tokens_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('ocpi_tokens_changed', '');
    RETURN NULL;
END $$;

CREATE TRIGGER tokens_changed AFTER UPDATE OF revoked_at, digest OR DELETE ON tokens
    FOR EACH STATEMENT EXECUTE FUNCTION ocpi_tokens_changed();
CREATE TRIGGER peer_connections_changed AFTER UPDATE OF state, all_tenants OR DELETE ON peer_connections
    FOR EACH STATEMENT EXECUTE FUNCTION ocpi_tokens_changed();
CREATE TRIGGER peer_roles_changed AFTER INSERT OR UPDATE OR DELETE ON peer_roles
    FOR EACH STATEMENT EXECUTE FUNCTION ocpi_tokens_changed();
CREATE TRIGGER peer_grants_changed AFTER INSERT OR DELETE ON peer_tenant_grants
    FOR EACH STATEMENT EXECUTE FUNCTION ocpi_tokens_changed();
CREATE TRIGGER tenants_changed AFTER DELETE ON tenants
    FOR EACH STATEMENT EXECUTE FUNCTION ocpi_tokens_changed();
