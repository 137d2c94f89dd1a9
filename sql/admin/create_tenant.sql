-- Creates a tenant (a CPO party) and prints its first owner token on the last line.
-- psql "$DATABASE_URL" -At -v country_code=DE -v party_id=ABC -v name='Example Charging' [-v website=https://…] [-v token=…] [-v weak_ok=1] -f sql/admin/create_tenant.sql
-- With token, that value becomes the owner token; otherwise one is generated. A chosen token shorter than 16
-- characters is refused unless weak_ok=1 (make run's demo tenant, whose token is your-token).
\set QUIET on
\set ON_ERROR_STOP on
\set SHOW_CONTEXT never
\if :{?country_code} \else \set country_code '' \endif
\if :{?party_id} \else \set party_id '' \endif
\if :{?name} \else \set name '' \endif
\if :{?website} \else \set website '' \endif
\if :{?token} \else \set token '' \endif
\if :{?weak_ok} \else \set weak_ok '' \endif
BEGIN;
SELECT ocpi_admin.create_tenant(:'country_code', :'party_id', :'name', :'website', :'token', nullif(:'weak_ok', '')::boolean) AS issued_token \gset
COMMIT;
\echo :issued_token
