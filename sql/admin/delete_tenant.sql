-- Deletes a tenant and everything it owns (locations, tokens, grants), in one transaction.
-- psql "$DATABASE_URL" -At -v country_code=DE -v party_id=ABC -f sql/admin/delete_tenant.sql
\set QUIET on
\set ON_ERROR_STOP on
\set SHOW_CONTEXT never
\if :{?country_code} \else \set country_code '' \endif
\if :{?party_id} \else \set party_id '' \endif
BEGIN;
SELECT ocpi_admin.delete_tenant(:'country_code', :'party_id') AS outcome \gset
COMMIT;
\echo :outcome
