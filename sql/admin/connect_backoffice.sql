-- Records where a tenant's back-office (its charge-point management system) receives the commands and charging
-- profiles EMSPs send (and, with sessions_url, the charging preferences they set), and the token the platform presents there (kept to be sent, like a peer's token). Running it
-- again replaces the link. The back-office answers to the response_url the platform gives it, with its owner token.
-- psql "$DATABASE_URL" -At -v country_code=DE -v party_id=ABC -v commands_url=https://backoffice.example.com/ocpi/cpo/2.2.1/commands \
--      [-v chargingprofiles_url=https://backoffice.example.com/ocpi/cpo/2.2.1/chargingprofiles] \
--      [-v sessions_url=https://backoffice.example.com/ocpi/cpo/2.2.1/sessions] -v token='the-backoffice-token' \
--      -f sql/admin/connect_backoffice.sql
\set QUIET on
\set ON_ERROR_STOP on
\set SHOW_CONTEXT never
\if :{?country_code} \else \set country_code '' \endif
\if :{?party_id} \else \set party_id '' \endif
\if :{?commands_url} \else \set commands_url '' \endif
\if :{?chargingprofiles_url} \else \set chargingprofiles_url '' \endif
\if :{?token} \else \set token '' \endif
\if :{?sessions_url} \else \set sessions_url '' \endif
BEGIN;
SELECT ocpi_admin.connect_backoffice(:'country_code', :'party_id', :'commands_url', :'chargingprofiles_url', :'token', :'sessions_url') AS outcome \gset
COMMIT;
\echo :outcome
