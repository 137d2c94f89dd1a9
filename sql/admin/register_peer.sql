-- Records a peer connection without the credentials handshake (a peer configured by hand) and prints its token C.
-- psql "$DATABASE_URL" -At -v country_code=NL -v party_id=EMS -v role=EMSP -v tenants='DE*ABC' [-v versions_url=https://…/versions -v token=…] [-v versions=2.2.1] -f sql/admin/register_peer.sql
-- versions_url and token are the peer's own versions endpoint and the token it gave us to call it (its token B).
-- versions ('2.2.1' or '2.2.1,2.3.0'; default: all we speak) is all this peer is offered, and all we pick from.
\set QUIET on
\set ON_ERROR_STOP on
\set SHOW_CONTEXT never
\if :{?country_code} \else \set country_code '' \endif
\if :{?party_id} \else \set party_id '' \endif
\if :{?role} \else \set role '' \endif
\if :{?tenants} \else \set tenants '' \endif
\if :{?versions_url} \else \set versions_url '' \endif
\if :{?token} \else \set token '' \endif
\if :{?versions} \else \set versions '' \endif
BEGIN;
SELECT ocpi_admin.register_peer(:'country_code', :'party_id', :'role', :'tenants', :'versions_url', :'token', :'versions') AS issued_token \gset
COMMIT;
\echo :issued_token
