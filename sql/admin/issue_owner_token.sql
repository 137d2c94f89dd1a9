-- Issues a further owner token for a tenant (rotation: revoke the old one with revoke_token.sql afterwards).
-- psql "$DATABASE_URL" -At -v country_code=DE -v party_id=ABC [-v token=…] -f sql/admin/issue_owner_token.sql
\set QUIET on
\set ON_ERROR_STOP on
\set SHOW_CONTEXT never
\if :{?country_code} \else \set country_code '' \endif
\if :{?party_id} \else \set party_id '' \endif
\if :{?token} \else \set token '' \endif
BEGIN;
SELECT ocpi_admin.issue_owner_token(:'country_code', :'party_id', :'token') AS issued_token \gset
COMMIT;
\echo :issued_token
