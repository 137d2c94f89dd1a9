-- Per CDR, which peers have it: one row per CDR and peer that has it or should (the connected peers that speak for
-- its token's party with a CDRs Receiver, and every peer it was ever sent to), with the delivery's state, attempts,
-- when it was delivered, how that was confirmed (post: the peer answered our POST; get/list: after a lost answer,
-- the peer showed it had it) and the URL the peer gave for it (its Location header, kept only on the peer's own
-- origin). A CDR no peer takes shows once, with no peer.
--   delivered      the peer has it; it is never posted again
--   in doubt       posted and the answer lost: the next try asks the peer (GET) before posting again
--   refused        the peer answered and did not take it; a resync (resume_peer.sql) posts it again
--   not sent yet   queued, or waiting for the peer to come back
-- psql "$DATABASE_URL" -f sql/admin/list_cdr_deliveries.sql [-v tenant='DE*ABC'] [-v cdr=CDR-1234]
\set QUIET on
\set ON_ERROR_STOP on
\set SHOW_CONTEXT never
\pset format aligned
\pset tuples_only off
\pset footer off
\if :{?tenant} \else \set tenant '' \endif
\if :{?cdr} \else \set cdr '' \endif
BEGIN READ ONLY;
SELECT set_config('ocpi.list_tenant', :'tenant', true) IS NULL AS unused \gset
DO $$
BEGIN
    IF current_setting('ocpi.list_tenant') !~ '^([A-Za-z]{2}\*[A-Za-z0-9]{3})?$' THEN
        RAISE EXCEPTION 'tenant must be a country code and a party id: -v tenant=''DE*ABC''';
    END IF;
END $$;
WITH chosen AS (
    SELECT c.country_code, c.party_id, c.id, c.id_key, c.seq, c.reader_country_code, c.reader_party_id
      FROM cdrs c
     WHERE (:'tenant' = '' OR c.country_code || '*' || c.party_id = upper(:'tenant'))
       AND (:'cdr' = '' OR c.id_key = lower(:'cdr'))
)
SELECT c.country_code || '*' || c.party_id AS tenant,
       c.id AS cdr,
       c.reader_country_code || '*' || c.reader_party_id AS token_party,
       coalesce(p.peer_id::text, '') AS peer,
       coalesce((SELECT string_agg(r.role || ' ' || r.country_code || '*' || r.party_id, ', ' ORDER BY r.country_code, r.party_id)
                   FROM peer_roles r WHERE r.peer_id = p.peer_id), '') AS peer_roles,
       CASE WHEN p.peer_id IS NULL THEN 'no peer'
            WHEN d.delivered_at IS NOT NULL THEN 'delivered'
            WHEN d.attempted_at IS NOT NULL THEN 'in doubt'
            WHEN d.peer_id IS NOT NULL THEN 'refused'
            ELSE 'not sent yet' END AS state,
       coalesce(d.attempts, 0) AS attempts,
       coalesce(to_char(d.delivered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"'), '') AS delivered,
       coalesce(d.confirmed_by, '') AS confirmed_by,
       coalesce(d.location_url, '') AS location_url
  FROM chosen c
  LEFT JOIN LATERAL (
        SELECT x.peer_id FROM cdr_deliveries x
         WHERE x.country_code = c.country_code AND x.party_id = c.party_id AND x.cdr_key = c.id_key
        UNION
        SELECT t.peer_id FROM ocpi_push_targets(c.country_code, c.party_id, 'cdrs', true, c.reader_country_code, c.reader_party_id) t
       ) p ON true
  LEFT JOIN cdr_deliveries d
         ON d.peer_id = p.peer_id AND d.country_code = c.country_code AND d.party_id = c.party_id AND d.cdr_key = c.id_key
 ORDER BY c.country_code, c.party_id, c.seq, p.peer_id;
COMMIT;
