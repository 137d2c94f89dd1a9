-- Push: every change a tenant makes reaches every connected peer granted that tenant that exposes the module's
-- Receiver, through an outbox written in the same transaction as the change.
--   outbox_events:   one row per committed change (what changed, where);
--   push_deliveries: one row per event and target peer, fanned out in that same transaction;
--   push_peers:      per peer: the lease of the worker delivering to it, back-off, resync flag and the figures an
--                    operator sees (last success, last error).
-- A rolled-back change writes none of these; a committed one is delivered (at least once) even across crashes.

CREATE TABLE outbox_events (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    country_code   text        NOT NULL,
    party_id       text        NOT NULL,
    module         text        NOT NULL,             -- 'locations' (later: 'tariffs', 'sessions', 'cdrs')
    object_id      text        NOT NULL,             -- the top-level object (a location id), as written
    sub_ids        text[]      NOT NULL DEFAULT '{}',-- the path below it (EVSE uid, connector id), as written
    kind           text        NOT NULL CHECK (kind IN ('replaced', 'patched')),
    fields         text[]      NOT NULL DEFAULT '{}',-- for 'patched': the top-level fields that changed
    last_updated   timestamptz NOT NULL,
    correlation_id uuid        NOT NULL DEFAULT gen_random_uuid(),
    created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    FOREIGN KEY (country_code, party_id) REFERENCES tenants (country_code, party_id) ON DELETE CASCADE
);

CREATE TABLE push_deliveries (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    peer_id      bigint      NOT NULL REFERENCES peer_connections (id) ON DELETE CASCADE,
    event_id     bigint      NOT NULL REFERENCES outbox_events (id) ON DELETE CASCADE,
    -- the object's address, lower-cased: deliveries of one object are made in order and may be coalesced
    object_key   text        NOT NULL,
    -- pending -> delivered | superseded (coalesced into a later delivery, or into a resync) | failed (refused)
    state        text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'superseded', 'failed')),
    resync       boolean     NOT NULL DEFAULT false,  -- a full PUT of the whole location, after the peer was marked for resync
    attempts     integer     NOT NULL DEFAULT 0,
    last_error   text,
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at  timestamptz
);
CREATE INDEX push_deliveries_pending ON push_deliveries (peer_id, id) WHERE state = 'pending';
CREATE INDEX push_deliveries_event ON push_deliveries (event_id);

CREATE TABLE push_peers (
    peer_id              bigint      PRIMARY KEY REFERENCES peer_connections (id) ON DELETE CASCADE,
    lease_owner          text,
    lease_until          timestamptz NOT NULL DEFAULT '-infinity',
    next_attempt_at      timestamptz NOT NULL DEFAULT '-infinity',
    consecutive_failures integer     NOT NULL DEFAULT 0,
    first_failure_at     timestamptz,
    needs_resync         boolean     NOT NULL DEFAULT false,
    last_success_at      timestamptz,
    last_error           text,
    last_error_at        timestamptz,
    delivered_total      bigint      NOT NULL DEFAULT 0
);

-- A peer that unregisters gets nothing more.
CREATE FUNCTION ocpi_push_peer_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state <> 'connected' THEN
        UPDATE push_deliveries SET state = 'superseded', finished_at = now(), last_error = 'the peer is ' || NEW.state
         WHERE peer_id = NEW.id AND state = 'pending';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER peer_connections_push_gone AFTER UPDATE OF state ON peer_connections
    FOR EACH ROW WHEN (OLD.state = 'connected' AND NEW.state <> 'connected') EXECUTE FUNCTION ocpi_push_peer_gone();

-- Wake the workers when there is something to deliver (delivered at commit, so never for rolled-back work).
CREATE FUNCTION ocpi_push_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('ocpi_push_pending', '');
    RETURN NULL;
END $$;

CREATE TRIGGER push_deliveries_pending AFTER INSERT ON push_deliveries
    FOR EACH STATEMENT EXECUTE FUNCTION ocpi_push_pending();

-- Records a change and fans it out to the peers that should receive it: connected, granted the tenant, and
-- exposing the module's Receiver in their endpoints. Called in the transaction that made the change.
CREATE FUNCTION ocpi_record_change(
    p_country_code text, p_party_id text, p_module text, p_object_id text, p_sub_ids text[], p_kind text,
    p_fields text[], p_last_updated timestamptz
) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    event bigint;
BEGIN
    INSERT INTO outbox_events (country_code, party_id, module, object_id, sub_ids, kind, fields, last_updated)
    VALUES (p_country_code, p_party_id, p_module, p_object_id, p_sub_ids, p_kind, p_fields, p_last_updated)
    RETURNING id INTO event;
    INSERT INTO push_deliveries (peer_id, event_id, object_key)
    SELECT p.id, event, lower(array_to_string(ARRAY[p_module, p_country_code, p_party_id, p_object_id] || p_sub_ids, '/'))
      FROM peer_connections p
     WHERE p.state = 'connected'
       AND (p.all_tenants OR EXISTS (SELECT 1 FROM peer_tenant_grants g
             WHERE g.peer_id = p.id AND g.country_code = p_country_code AND g.party_id = p_party_id))
       AND EXISTS (SELECT 1 FROM jsonb_array_elements(p.endpoints) e
             WHERE e->>'identifier' = p_module AND coalesce(e->>'role', 'RECEIVER') = 'RECEIVER');
    IF FOUND THEN
        INSERT INTO push_peers (peer_id)
        SELECT DISTINCT d.peer_id FROM push_deliveries d WHERE d.event_id = event
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN event;
END $$;
