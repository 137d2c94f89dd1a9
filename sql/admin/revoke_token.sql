-- Revokes a token at once: owner, registration or peer. Running services stop accepting it immediately.
-- psql "$DATABASE_URL" -At -v token=… -f sql/admin/revoke_token.sql
\set QUIET on
\set ON_ERROR_STOP on
\set SHOW_CONTEXT never
\if :{?token} \else \set token '' \endif
BEGIN;
SELECT ocpi_admin.revoke_token(:'token') AS outcome \gset
COMMIT;
\echo :outcome
