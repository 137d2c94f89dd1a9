-- Sets the EMSP parties whose sessions and CDRs a peer connection reads and is pushed, replacing what it had (an
-- empty list: none). A peer declares its roles itself; only the parties named here (or taken once from its first
-- registration) open sessions and CDRs to it. A connected peer that gains a party is sent that party's sessions and
-- its CDRs it lacks.
-- psql "$DATABASE_URL" -At -v peer_id=7 -v parties='NL*EMS,NL*EM2' -f sql/admin/set_peer_parties.sql
\set QUIET on
\set ON_ERROR_STOP on
\set SHOW_CONTEXT never
\if :{?peer_id} \else \set peer_id '' \endif
\if :{?parties} \else \set parties '' \endif
BEGIN;
SELECT ocpi_admin.set_peer_parties(:'peer_id', :'parties') AS outcome \gset
COMMIT;
\echo :outcome
