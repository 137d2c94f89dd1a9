-- Tariffs (issue 11), the pipeline's second module, and deletion for every module.
--
-- A tariff is one row of the module table pattern (0012): `document` is the tariff as stored (2.3.0's shape),
-- `doc_221` and `doc_230` its renderings. Every tariff of a tenant is readable by the peers granted that tenant
-- (`shared` is always true for tariffs; the column keeps the pattern the shared reads and counts rely on).
--
-- A deleted object is pushed as DELETE to the peers that could read it: the outbox learns the kind 'deleted'.

CREATE TABLE tariffs (
    country_code text        NOT NULL,
    party_id     text        NOT NULL,
    id           text        NOT NULL CHECK (length(id) BETWEEN 1 AND 36),
    id_key       text        GENERATED ALWAYS AS (lower(id)) STORED,
    seq          bigint      GENERATED ALWAYS AS IDENTITY,  -- creation order: stable pagination
    document     jsonb       NOT NULL,
    doc_221      text,
    doc_230      text,
    shared       boolean     NOT NULL,
    energy_mix   jsonb       GENERATED ALWAYS AS (document -> 'energy_mix') STORED,
    last_updated timestamptz NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (country_code, party_id, id_key),
    UNIQUE (seq),
    FOREIGN KEY (country_code, party_id) REFERENCES tenants (country_code, party_id) ON DELETE CASCADE
);
-- A tenant's own list, and a peer's list of one tenant, in creation order.
CREATE INDEX tariffs_tenant_seq ON tariffs (country_code, party_id, seq);
-- A peer's list over all tenants, and date_from/date_to windows.
CREATE INDEX tariffs_shared_seq ON tariffs (seq) WHERE shared;
CREATE INDEX tariffs_last_updated ON tariffs (last_updated, seq);
-- A peer's lookup by id alone, across its granted tenants.
CREATE INDEX tariffs_id_key ON tariffs (id_key);

SELECT ocpi_register_data_module('tariffs', 'tariffs');

-- The tariffs a location's connectors list (lower-cased, EVSEs with status REMOVED left out), so that "which
-- connectors still list this tariff" (a DELETE's check) and "where is it used" (pricing without a time zone) are
-- index lookups, not a walk through every location document of the tenant. Adding the column rewrites `locations`
-- once.
CREATE FUNCTION ocpi_tariff_keys(p_document jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT lower(t #>> '{}')), '{}')
      FROM jsonb_path_query(p_document, '$.evses[*] ? (@.status != "REMOVED").connectors[*].tariff_ids[*]') t
$$;
ALTER TABLE locations ADD COLUMN tariff_keys text[] GENERATED ALWAYS AS (ocpi_tariff_keys(document)) STORED;
CREATE INDEX locations_tariff_keys ON locations USING gin (tariff_keys);

-- NOT VALID, then VALIDATE: the check of the existing rows does not hold writers off the outbox meanwhile.
ALTER TABLE outbox_events DROP CONSTRAINT outbox_events_kind_check;
ALTER TABLE outbox_events ADD CONSTRAINT outbox_events_kind_check
    CHECK (kind IN ('replaced', 'patched', 'withdrawn', 'deleted')) NOT VALID;
ALTER TABLE outbox_events VALIDATE CONSTRAINT outbox_events_kind_check;

DROP FUNCTION ocpi_record_change(text, text, text, text, text[], text, text[], timestamptz, boolean, boolean, jsonb);

-- Records a change and fans it out, in the transaction that made it (0010's rules, plus deletion). The caller says
-- whether peers may see the object after the change (p_visible) and before it (p_was_visible); for a change that
-- hides the object it gives the documents the peers may keep (p_final_documents, keyed by version). A deletion
-- ('deleted') reaches the peers that could see the object before it, suspended ones included, as a hidden object's
-- last PUT does: a resumed peer's resync only PUTs what exists, so it would never learn of the deletion otherwise.
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
    IF kind = 'deleted' THEN
        IF NOT p_was_visible THEN
            RETURN NULL;                               -- no peer could see it: nothing to tell
        END IF;
        sub_ids := '{}'; fields := '{}';
    ELSIF NOT p_visible AND NOT p_was_visible THEN
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
        SELECT t.peer_id, t.in_resync FROM ocpi_push_targets(p_country_code, p_party_id, p_module, kind IN ('withdrawn', 'deleted')) t
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
