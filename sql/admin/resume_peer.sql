-- Resumes pushes to a peer that list_peers.sql shows as suspended (it kept failing for PUSH_SUSPEND_AFTER_HOURS):
-- its failure count is cleared and everything it may see is queued for a full resync (one PUT per object).
-- psql "$DATABASE_URL" -At -v peer_id=7 -f sql/admin/resume_peer.sql      (the id column of list_peers.sql)
\set QUIET on
\set ON_ERROR_STOP on
\set SHOW_CONTEXT never
\if :{?peer_id} \else \set peer_id '' \endif
BEGIN;
SELECT ocpi_admin.resume_peer(:'peer_id') AS outcome \gset
COMMIT;
\echo :outcome
