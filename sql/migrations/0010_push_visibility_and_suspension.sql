-- Push hardening (issue 9):
--   * A peer is pushed an object only while it may read that object by GET. A change to an object no peer may
--     see records nothing; the change that hides an object sends its peers one last PUT (the document they had,
--     with publish = false), then nothing; the change that shows it again sends a full PUT.
--   * After the resync mark a peer holds at most one pending delivery per object.
--   * A peer failing for longer than PUSH_SUSPEND_AFTER_HOURS is suspended: no calls and no queued rows (but the one
--     last PUT of each object hidden meanwhile), until resume_peer.sql resumes it with a full resync.
--   * A peer whose Receiver endpoints become known (discovery finished late, or a new module) or that is granted a
--     tenant gets a full resync of what it may see, so no change made meanwhile is lost.

ALTER TABLE outbox_events DROP CONSTRAINT outbox_events_kind_check;
ALTER TABLE outbox_events ADD CONSTRAINT outbox_events_kind_check CHECK (kind IN ('replaced', 'patched', 'withdrawn'));
-- For a 'withdrawn' event: per OCPI version, the last document the peers may keep, marked unpublished.
ALTER TABLE outbox_events ADD COLUMN final_documents jsonb;

ALTER TABLE push_peers ADD COLUMN suspended_at timestamptz;
-- Why the peer is failing or was suspended: 'unreachable', or 'token_refused' (it answers 401 or 403 to our token).
ALTER TABLE push_peers ADD COLUMN failure_cause text CHECK (failure_cause IN ('unreachable', 'token_refused'));

-- Which peers take a change of this tenant's module: connected, granted the tenant, with the module's Receiver, and
-- not suspended (unless p_include_suspended: a suspended peer still keeps the one last PUT of an object that was
-- hidden, so that it cannot go on showing it once resumed). `in_resync`: the peer holds one pending delivery per
-- object (it is marked for resync, or suspended). The one definition of "a push target", shared by the fan-out and
-- the resyncs.
CREATE FUNCTION ocpi_push_targets(p_country_code text, p_party_id text, p_module text, p_include_suspended boolean DEFAULT false)
RETURNS TABLE (peer_id bigint, in_resync boolean) LANGUAGE sql STABLE AS $$
    SELECT p.id, coalesce(pp.needs_resync OR pp.suspended_at IS NOT NULL, false)
      FROM peer_connections p LEFT JOIN push_peers pp ON pp.peer_id = p.id
     WHERE p.state = 'connected'
       AND (p_include_suspended OR pp.suspended_at IS NULL)
       AND (p.all_tenants OR EXISTS (SELECT 1 FROM peer_tenant_grants g
             WHERE g.peer_id = p.id AND g.country_code = p_country_code AND g.party_id = p_party_id))
       AND EXISTS (SELECT 1 FROM jsonb_array_elements(p.endpoints) e
             WHERE e->>'identifier' = p_module AND coalesce(e->>'role', 'RECEIVER') = 'RECEIVER')
$$;

DROP FUNCTION ocpi_record_change(text, text, text, text, text[], text, text[], timestamptz);

-- Records a change and fans it out, in the transaction that made it. The caller says whether peers may see the
-- object after the change (p_visible) and before it (p_was_visible); for a change that hides the object it gives
-- the documents the peers may keep (p_final_documents, keyed by version).
CREATE FUNCTION ocpi_record_change(
    p_country_code text, p_party_id text, p_module text, p_object_id text, p_sub_ids text[], p_kind text,
    p_fields text[], p_last_updated timestamptz, p_visible boolean, p_was_visible boolean, p_final_documents jsonb
) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    event   bigint;
    kind    text   := p_kind;
    sub_ids text[] := p_sub_ids;
    fields  text[] := p_fields;
    top_key text   := lower(array_to_string(ARRAY[p_module, p_country_code, p_party_id, p_object_id], '/'));
BEGIN
    IF NOT p_visible AND NOT p_was_visible THEN
        RETURN NULL;                                   -- nobody may see it, before or after: nothing to tell
    ELSIF NOT p_visible THEN
        kind := 'withdrawn'; sub_ids := '{}'; fields := '{}';
    ELSIF NOT p_was_visible THEN
        kind := 'replaced'; sub_ids := '{}'; fields := '{}';
    END IF;
    INSERT INTO outbox_events (country_code, party_id, module, object_id, sub_ids, kind, fields, last_updated, final_documents)
    VALUES (p_country_code, p_party_id, p_module, p_object_id, sub_ids, kind, fields, p_last_updated,
            CASE WHEN kind = 'withdrawn' THEN p_final_documents END)
    RETURNING id INTO event;

    -- A peer marked for resync (or suspended) keeps one pending delivery per object: the one it had is superseded
    -- by a new one for this event. Never rewritten in place: a worker may be sending the old one right now, and
    -- its settlement must not swallow this change.
    WITH targets AS (
        SELECT t.peer_id, t.in_resync FROM ocpi_push_targets(p_country_code, p_party_id, p_module, kind = 'withdrawn') t
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

-- Queues a full PUT of every object the peer may see now (of one module, or of every module it receives; of one
-- tenant, or of every tenant it is granted), replacing whatever it had pending for those objects. Returns how many
-- objects were queued. Locations are the only module that pushes so far; a new module adds its branch here.
CREATE FUNCTION ocpi_push_resync(p_peer_id bigint, p_module text DEFAULT NULL, p_country_code text DEFAULT NULL,
                                 p_party_id text DEFAULT NULL) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    queued integer := 0;
    n      integer;
BEGIN
    IF p_module IS NULL OR p_module = 'locations' THEN
        WITH peer_tenants AS (          -- the tenants whose locations the peer takes, worked out once per tenant
            SELECT t.country_code, t.party_id FROM tenants t
             WHERE (p_country_code IS NULL OR (t.country_code = p_country_code AND t.party_id = p_party_id))
               AND EXISTS (SELECT 1 FROM ocpi_push_targets(t.country_code, t.party_id, 'locations') x WHERE x.peer_id = p_peer_id)
        ), objects AS (
            SELECT l.country_code, l.party_id, l.id, l.last_updated
              FROM locations l JOIN peer_tenants USING (country_code, party_id)
             WHERE l.shared
        ), superseded AS (
            UPDATE push_deliveries d SET state = 'superseded', finished_at = now(), last_error = 'folded into a resync'
              FROM objects o
             WHERE d.peer_id = p_peer_id AND d.state = 'pending'
               AND array_to_string((string_to_array(d.object_key, '/'))[1:4], '/')
                   = lower('locations/' || o.country_code || '/' || o.party_id || '/' || o.id)
        ), events AS (
            INSERT INTO outbox_events (country_code, party_id, module, object_id, kind, last_updated)
            SELECT o.country_code, o.party_id, 'locations', o.id, 'replaced', o.last_updated FROM objects o
            RETURNING id, country_code, party_id, object_id
        )
        INSERT INTO push_deliveries (peer_id, event_id, object_key, resync)
        SELECT p_peer_id, e.id, lower('locations/' || e.country_code || '/' || e.party_id || '/' || e.object_id), true
          FROM events e ORDER BY e.id;
        GET DIAGNOSTICS n = ROW_COUNT;
        queued := queued + n;
    END IF;
    IF queued > 0 THEN
        INSERT INTO push_peers (peer_id) VALUES (p_peer_id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN queued;
END $$;

-- The Receivers a peer's endpoints list.
CREATE FUNCTION ocpi_receiver_modules(endpoints jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(DISTINCT e->>'identifier'), '{}')
      FROM jsonb_array_elements(coalesce(endpoints, '[]')) e
     WHERE coalesce(e->>'role', 'RECEIVER') = 'RECEIVER'
$$;

-- A connected peer that gains a Receiver (its endpoints became known, or changed to include one) gets a full resync
-- of that module: changes made while its endpoints were unknown were queued for nobody.
CREATE FUNCTION ocpi_push_receivers_gained() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    gained text;
    before text[] := '{}';
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.state = 'connected' THEN
            before := ocpi_receiver_modules(OLD.endpoints);
        END IF;
    END IF;
    FOR gained IN SELECT m FROM unnest(ocpi_receiver_modules(NEW.endpoints)) m WHERE NOT (m = ANY (before)) LOOP
        PERFORM ocpi_push_resync(NEW.id, gained);
    END LOOP;
    RETURN NULL;
END $$;

CREATE TRIGGER peer_connections_receivers_gained AFTER INSERT OR UPDATE OF endpoints, state ON peer_connections
    FOR EACH ROW WHEN (NEW.state = 'connected') EXECUTE FUNCTION ocpi_push_receivers_gained();

-- A connected peer granted a tenant (or every tenant) gets that tenant's objects.
CREATE FUNCTION ocpi_push_grant_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'peer_tenant_grants' THEN
        IF EXISTS (SELECT 1 FROM peer_connections p WHERE p.id = NEW.peer_id AND p.state = 'connected' AND NOT p.all_tenants) THEN
            PERFORM ocpi_push_resync(NEW.peer_id, NULL, NEW.country_code, NEW.party_id);
        END IF;
    ELSIF NEW.state = 'connected' THEN
        PERFORM ocpi_push_resync(NEW.id);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER peer_tenant_grants_push AFTER INSERT ON peer_tenant_grants
    FOR EACH ROW EXECUTE FUNCTION ocpi_push_grant_added();
CREATE TRIGGER peer_connections_all_tenants_push AFTER UPDATE OF all_tenants ON peer_connections
    FOR EACH ROW WHEN (NEW.all_tenants AND NOT OLD.all_tenants) EXECUTE FUNCTION ocpi_push_grant_added();

-- Resumes a suspended peer: pushes start again, beginning with a full resync of what it may see.
CREATE FUNCTION ocpi_admin.resume_peer(peer_id text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    peer   bigint;
    queued integer;
BEGIN
    IF coalesce(peer_id, '') !~ '^[0-9]+$' THEN
        RAISE EXCEPTION 'peer_id is required: the id column of list_peers.sql, e.g. -v peer_id=7';
    END IF;
    SELECT p.id INTO peer FROM peer_connections p WHERE p.id = peer_id::bigint FOR UPDATE;
    IF peer IS NULL THEN
        RAISE EXCEPTION 'no peer connection has id %', peer_id;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM peer_connections p WHERE p.id = peer AND p.state = 'connected') THEN
        RAISE EXCEPTION 'peer % is not connected; it must register again', peer;
    END IF;
    INSERT INTO push_peers (peer_id) VALUES (peer) ON CONFLICT DO NOTHING;
    UPDATE push_peers
       SET suspended_at = NULL, failure_cause = NULL, consecutive_failures = 0, first_failure_at = NULL,
           next_attempt_at = '-infinity', needs_resync = false
     WHERE push_peers.peer_id = peer;
    queued := ocpi_push_resync(peer);
    RETURN format('peer %s resumed; %s objects queued for a full resync', peer, queued);
END $$;
