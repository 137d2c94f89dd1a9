-- Ends a peer connection from our side: its tokens stop working at once and nothing more is pushed to it; the
-- data stays. The peer must register again (a new create_registration.sql token) to come back.
-- psql "$DATABASE_URL" -At -v peer_id=7 -f sql/admin/disconnect_peer.sql      (the id column of list_peers.sql)
\set QUIET on
\set ON_ERROR_STOP on
\set SHOW_CONTEXT never
\if :{?peer_id} \else \set peer_id '' \endif
BEGIN;
SELECT ocpi_admin.disconnect_peer(:'peer_id') AS outcome \gset
COMMIT;
\echo :outcome
