-- Settles a CDR delivery in doubt (list_cdr_deliveries.sql shows 'in doubt'): a POST whose answer was lost, to an
-- EMSP that cannot say whether it has the CDR. Ask the EMSP first; then outcome=delivered if it has it, or
-- outcome=post to send it again (with the tenant's other CDRs that peer lacks).
-- psql "$DATABASE_URL" -At -v peer_id=7 -v tenant='DE*ABC' -v cdr=CDR-1 -v outcome=delivered -f sql/admin/settle_cdr_delivery.sql
\set QUIET on
\set ON_ERROR_STOP on
\set SHOW_CONTEXT never
\if :{?peer_id} \else \set peer_id '' \endif
\if :{?tenant} \else \set tenant '' \endif
\if :{?cdr} \else \set cdr '' \endif
\if :{?outcome} \else \set outcome '' \endif
BEGIN;
SELECT ocpi_admin.settle_cdr_delivery(:'peer_id', :'tenant', :'cdr', :'outcome') AS outcome \gset
COMMIT;
\echo :outcome
