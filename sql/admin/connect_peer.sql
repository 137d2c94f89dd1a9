-- Registers this platform with a peer (an EMSP) that handed us its versions URL and a token A.
-- psql "$DATABASE_URL" -At -v versions_url=https://emsp.example.com/ocpi/versions -v token_a=… -v tenants='DE*ABC' [-v versions=2.2.1] [-v parties='NL*EMS'] -f sql/admin/connect_peer.sql
-- The running service performs the handshake (versions, highest mutual version, details, POST our credentials with a
-- fresh token B, store their token C), retries network failures with back-off, and records the outcome:
-- list_peers.sql shows the state, version, endpoints and last error. versions ('2.2.1' or '2.2.1,2.3.0'; default: all
-- we speak) limits what we pick from theirs and what we offer them. parties: the EMSP parties whose sessions and CDRs
-- they read and are pushed (default: the EMSP parties they declare that no other live connection holds and that are not a tenant's; see set_peer_parties.sql).
\set QUIET on
\set ON_ERROR_STOP on
\set SHOW_CONTEXT never
\if :{?versions_url} \else \set versions_url '' \endif
\if :{?token_a} \else \set token_a '' \endif
\if :{?tenants} \else \set tenants '' \endif
\if :{?versions} \else \set versions '' \endif
\if :{?parties} \else \set parties '' \endif
BEGIN;
SELECT ocpi_admin.connect_peer(:'versions_url', :'token_a', :'tenants', :'versions', :'parties') AS outcome \gset
COMMIT;
\echo :outcome
