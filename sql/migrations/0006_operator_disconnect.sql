-- An operator can end a peer connection (disconnect_peer.sql): its tokens stop working, pushes to it stop, data
-- stays. And a chosen owner token that was revoked gets a message that says so.

CREATE FUNCTION ocpi_admin.disconnect_peer(peer_id text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    peer bigint;
    found_state text;
BEGIN
    peer_id := ocpi_admin.require(peer_id, 'peer_id', '7');
    IF peer_id !~ '^[0-9]+$' THEN
        RAISE EXCEPTION 'peer_id must be a number: the id column of list_peers.sql';
    END IF;
    peer := peer_id::bigint;
    SELECT state INTO found_state FROM peer_connections WHERE id = peer FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown peer connection %', peer USING HINT = 'list_peers.sql shows the peer connections';
    END IF;
    IF found_state = 'unregistered' THEN
        RETURN format('peer connection %s was already disconnected', peer);
    END IF;
    UPDATE peer_connections SET state = 'unregistered', updated_at = now(), last_error = 'disconnected by the operator'
     WHERE id = peer;
    UPDATE tokens SET revoked_at = now() WHERE peer_id = peer AND revoked_at IS NULL;
    RETURN format('disconnected peer connection %s: its tokens are revoked and nothing more is pushed to it', peer);
END $$;

CREATE OR REPLACE FUNCTION ocpi_admin.store_owner_token(cc text, pid text, chosen text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    plain text := coalesce(ocpi_admin.check_token(chosen), ocpi_admin.new_token());
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
