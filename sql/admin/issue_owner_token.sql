-- Issues a further owner token for a tenant (rotation: revoke the old one with revoke_token.sql afterwards).
-- psql "$DATABASE_URL" -At -v country_code=DE -v party_id=ABC [-v token=…] [-v weak_ok=1] -f sql/admin/issue_owner_token.sql
-- A chosen token shorter than 16 characters is refused unless weak_ok=1.
\set QUIET on
\set ON_ERROR_STOP on
\set SHOW_CONTEXT never
\if :{?country_code} \else \set country_code '' \endif
\if :{?party_id} \else \set party_id '' \endif
\if :{?token} \else \set token '' \endif
\if :{?weak_ok} \else \set weak_ok '' \endif
BEGIN;
SELECT ocpi_admin.issue_owner_token(:'country_code', :'party_id', :'token', nullif(:'weak_ok', '')::boolean) AS issued_token \gset
COMMIT;
\echo :issued_token
