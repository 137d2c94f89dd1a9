-- Issues a one-use registration token (CREDENTIALS_TOKEN_A) granting tenants to the EMSP that registers with it.
-- psql "$DATABASE_URL" -At -v tenants='DE*ABC,ES*XYZ' [-v versions=2.2.1] [-v parties='NL*EMS'] -f sql/admin/create_registration.sql     ('*' grants every tenant, present and future)
-- versions ('2.2.1' or '2.2.1,2.3.0'; default: all we speak) is all this connection is offered, with every token it
-- will hold: for EMSP clients that refuse a versions list with a version they do not know.
-- parties: the EMSP parties whose sessions and CDRs this connection reads and is pushed; default: the EMSP parties
-- it declares when it registers, that no other live connection holds and that are not a tenant's (set_peer_parties.sql changes them later).
-- Hand the token and our versions URL (PUBLIC_URL/ocpi/versions) to the EMSP over a secure channel.
\set QUIET on
\set ON_ERROR_STOP on
\set SHOW_CONTEXT never
\if :{?tenants} \else \set tenants '' \endif
\if :{?versions} \else \set versions '' \endif
\if :{?parties} \else \set parties '' \endif
BEGIN;
SELECT ocpi_admin.create_registration(:'tenants', :'versions', :'parties') AS issued_token \gset
COMMIT;
\echo :issued_token
