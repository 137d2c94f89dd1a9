-- Issues a one-use registration token (CREDENTIALS_TOKEN_A) granting tenants to the EMSP that registers with it.
-- psql "$DATABASE_URL" -At -v tenants='DE*ABC,ES*XYZ' [-v versions=2.2.1] -f sql/admin/create_registration.sql     ('*' grants every tenant, present and future)
-- versions ('2.2.1' or '2.2.1,2.3.0'; default: all we speak) is all this connection is offered, with every token it
-- will hold: for EMSP clients that refuse a versions list with a version they do not know.
-- Hand the token and our versions URL (PUBLIC_URL/ocpi/versions) to the EMSP over a secure channel.
\set QUIET on
\set ON_ERROR_STOP on
\set SHOW_CONTEXT never
\if :{?tenants} \else \set tenants '' \endif
\if :{?versions} \else \set versions '' \endif
BEGIN;
SELECT ocpi_admin.create_registration(:'tenants', :'versions') AS issued_token \gset
COMMIT;
\echo :issued_token
