-- Commands (issue 14): an EMSP's commands, relayed to the tenant's back-office (its charge-point management
-- system, which alone reaches the chargers), and their results relayed back.
--
-- backoffice_links: where a tenant's back-office receives commands (its OCPI CPO Commands and ChargingProfiles
-- Receivers) and the token we present there, kept in plain because we send it, like a peer's token.
CREATE TABLE backoffice_links (
    country_code         text        NOT NULL,
    party_id             text        NOT NULL,
    commands_url         text        CHECK (commands_url ~* '^https?://' AND length(commands_url) <= 255),
    chargingprofiles_url text        CHECK (chargingprofiles_url ~* '^https?://' AND length(chargingprofiles_url) <= 255),
    -- Its Sessions endpoint, where an EMSP's charging preferences are passed on (PUT {sessions_url}/{id}/charging_preferences).
    sessions_url         text        CHECK (sessions_url ~* '^https?://' AND length(sessions_url) <= 255),
    token                text        NOT NULL CHECK (token ~ '^[!-~]{1,64}$'),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (country_code, party_id),
    FOREIGN KEY (country_code, party_id) REFERENCES tenants (country_code, party_id) ON DELETE CASCADE
);

-- One row per command a peer sent that reached a tenant (refusals before that are not recorded): what it asked,
-- what the back-office answered at once, the result it sent later (or TIMEOUT), and the relay of that result to the
-- peer's response_url. `public_id` names the command in the response_url we give the back-office: unguessable.
--   state: received (recorded, being forwarded; timed out like a waiting one if it stays so) → waiting (the back-office accepted; the result is due by
--          timeout_at) → result (it came in time) | timed_out (it did not; TIMEOUT is relayed) | refused (the
--          back-office refused, or could not be reached: nothing more happens)
--   relay: none → pending (a result to relay) → delivered | failed (given up after relay_deadline)
CREATE TABLE commands (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id         text        NOT NULL UNIQUE,
    country_code      text        NOT NULL,
    party_id          text        NOT NULL,
    peer_id           bigint      REFERENCES peer_connections (id) ON DELETE SET NULL,
    peer_country_code text        NOT NULL,
    peer_party_id     text        NOT NULL,
    module            text        NOT NULL CHECK (module IN ('commands', 'chargingprofiles')),
    command           text        NOT NULL,
    version           text        NOT NULL,
    subject           text,
    request           jsonb       NOT NULL,
    response_url      text        NOT NULL,
    state             text        NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'waiting', 'result', 'timed_out', 'refused')),
    response          jsonb,
    -- Why the back-office's answer could not be had (the EMSP was answered REJECTED).
    forward_error     text,
    timeout_at        timestamptz,
    result            jsonb,
    result_at         timestamptz,
    late_result       jsonb,
    relay             text        NOT NULL DEFAULT 'none' CHECK (relay IN ('none', 'pending', 'delivered', 'failed')),
    relay_attempts    integer     NOT NULL DEFAULT 0,
    next_relay_at     timestamptz,
    relay_deadline    timestamptz,
    relay_error       text,
    relayed_at        timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (country_code, party_id) REFERENCES tenants (country_code, party_id) ON DELETE CASCADE
);
CREATE INDEX commands_tenant_time ON commands (country_code, party_id, created_at);
CREATE INDEX commands_waiting ON commands (timeout_at) WHERE state = 'waiting';
CREATE INDEX commands_relay ON commands (next_relay_at) WHERE relay = 'pending';
-- The profile set for a session, found when the back-office reports the active one.
CREATE INDEX commands_profiles_set ON commands (country_code, party_id, lower(subject)) WHERE module = 'chargingprofiles' AND command = 'SET_PROFILE';

-- Reservation ids as each EMSP party knows them, and as the back-office knows them: two EMSPs may both reserve with
-- "1234" at one tenant; the back-office sees two different ids.
CREATE TABLE reservation_ids (
    country_code      text        NOT NULL,
    party_id          text        NOT NULL,
    peer_country_code text        NOT NULL,
    peer_party_id     text        NOT NULL,
    reservation_key   text        NOT NULL,
    reservation_id    text        NOT NULL,
    backoffice_id     text        NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (country_code, party_id, peer_country_code, peer_party_id, reservation_key),
    UNIQUE (country_code, party_id, backoffice_id),
    FOREIGN KEY (country_code, party_id) REFERENCES tenants (country_code, party_id) ON DELETE CASCADE
);

-- Records or replaces where a tenant's back-office receives commands and charging profiles, and the token we
-- present there.
CREATE FUNCTION ocpi_admin.connect_backoffice(country_code text, party_id text, commands_url text, chargingprofiles_url text, token text,
                                              sessions_url text DEFAULT NULL)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    tenant record;
BEGIN
    SELECT * INTO tenant FROM ocpi_admin.existing_tenant(country_code, party_id);
    commands_url := nullif(btrim(coalesce(commands_url, '')), '');
    chargingprofiles_url := nullif(btrim(coalesce(chargingprofiles_url, '')), '');
    sessions_url := nullif(btrim(coalesce(sessions_url, '')), '');
    IF sessions_url IS NOT NULL AND (sessions_url !~* '^https?://' OR length(sessions_url) > 255) THEN
        RAISE EXCEPTION 'sessions_url must be an http(s) URL of at most 255 characters';
    END IF;
    IF commands_url IS NULL AND chargingprofiles_url IS NULL THEN
        RAISE EXCEPTION 'commands_url or chargingprofiles_url is required: pass -v commands_url=https://backoffice.example.com/ocpi/cpo/2.2.1/commands';
    END IF;
    IF commands_url IS NOT NULL AND (commands_url !~* '^https?://' OR length(commands_url) > 255) THEN
        RAISE EXCEPTION 'commands_url must be an http(s) URL of at most 255 characters';
    END IF;
    IF chargingprofiles_url IS NOT NULL AND (chargingprofiles_url !~* '^https?://' OR length(chargingprofiles_url) > 255) THEN
        RAISE EXCEPTION 'chargingprofiles_url must be an http(s) URL of at most 255 characters';
    END IF;
    token := ocpi_admin.check_token(ocpi_admin.require(token, 'token', 'the-backoffice-token'));
    INSERT INTO backoffice_links AS b (country_code, party_id, commands_url, chargingprofiles_url, sessions_url, token)
    VALUES (tenant.cc, tenant.pid, commands_url, chargingprofiles_url, sessions_url, token)
    ON CONFLICT ON CONSTRAINT backoffice_links_pkey DO UPDATE
       SET commands_url = EXCLUDED.commands_url, chargingprofiles_url = EXCLUDED.chargingprofiles_url,
           sessions_url = EXCLUDED.sessions_url, token = EXCLUDED.token, updated_at = now();
    RETURN format('tenant %s*%s: commands to %s, charging profiles to %s', tenant.cc, tenant.pid,
                  coalesce(commands_url, '(none)'), coalesce(chargingprofiles_url, '(none)'));
END $$;
