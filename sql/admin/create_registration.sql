-- Issues a one-use registration token (CREDENTIALS_TOKEN_A) granting tenants to the EMSP that registers with it.
-- psql "$DATABASE_URL" -At -v tenants='DE*ABC,ES*XYZ' -f sql/admin/create_registration.sql     ('*' grants every tenant, present and future)
-- Hand the token and our versions URL (PUBLIC_URL/ocpi/versions) to the EMSP over a secure channel.
\set QUIET on
\set ON_ERROR_STOP on
\set SHOW_CONTEXT never
\if :{?tenants} \else \set tenants '' \endif
BEGIN;
SELECT ocpi_admin.create_registration(:'tenants') AS issued_token \gset
COMMIT;
\echo :issued_token
