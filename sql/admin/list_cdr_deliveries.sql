-- Per CDR, which peers have it: one row per CDR and peer that has it or should (the connected peers that read its
-- token's party and have a CDRs Receiver, and every peer it was ever posted to), with the delivery's state, the
-- POSTs sent, when it was delivered, how that was confirmed (post: the peer answered our POST; list: after
-- a lost answer, the peer showed it had it; operator: settle_cdr_delivery.sql), the URL the peer gave for it (its
-- Location header, kept only on the peer's own origin), what happens next, and the last push error. A CDR that no
-- peer takes shows once, with no peer.
--   delivered      the peer has it; it is never posted again
--   in doubt       posted, and the answer lost: the peer may have it. The next try asks the peer (its list); if it
--                  cannot say, ask the EMSP, then settle_cdr_delivery.sql
--   refused        the peer answered and did not take it; settle_cdr_delivery.sql -v outcome=post sends it again
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
    IF btrim(current_setting('ocpi.list_tenant')) !~ '^([A-Za-z]{2}\*[A-Za-z0-9]{3})?$' THEN
        RAISE EXCEPTION 'tenant must be a country code and a party id: -v tenant=''DE*ABC''';
    END IF;
END $$;
WITH chosen AS (
    SELECT c.country_code, c.party_id, c.id, c.id_key, c.seq, c.reader_country_code, c.reader_party_id
      FROM cdrs c
     WHERE (btrim(:'tenant') = '' OR c.country_code || '*' || c.party_id = upper(btrim(:'tenant')))
       AND (:'cdr' = '' OR c.id_key = lower(:'cdr'))
), pairs AS (
    SELECT c.*, p.peer_id, d.attempts, d.attempted_at, d.delivered_at, d.confirmed_by, d.location_url, d.peer_id AS recorded,
           (SELECT q.state = 'pending' FROM push_deliveries q
             WHERE q.peer_id = p.peer_id AND q.object_key = lower('cdrs/' || c.country_code || '/' || c.party_id || '/' || c.id)
             ORDER BY q.id DESC LIMIT 1) AS queued,
           (SELECT q.last_error FROM push_deliveries q
             WHERE q.peer_id = p.peer_id AND q.object_key = lower('cdrs/' || c.country_code || '/' || c.party_id || '/' || c.id)
             ORDER BY q.id DESC LIMIT 1) AS last_error
      FROM chosen c
      LEFT JOIN LATERAL (
            SELECT x.peer_id FROM cdr_deliveries x
             WHERE x.country_code = c.country_code AND x.party_id = c.party_id AND x.cdr_key = c.id_key
            UNION
            SELECT t.peer_id FROM ocpi_push_targets(c.country_code, c.party_id, 'cdrs', true, c.reader_country_code, c.reader_party_id) t
           ) p ON true
      LEFT JOIN cdr_deliveries d
             ON d.peer_id = p.peer_id AND d.country_code = c.country_code AND d.party_id = c.party_id AND d.cdr_key = c.id_key
)
SELECT country_code || '*' || party_id AS tenant,
       id AS cdr,
       reader_country_code || '*' || reader_party_id AS token_party,
       coalesce(peer_id::text, '') AS peer,
       coalesce((SELECT string_agg(r.role || ' ' || r.country_code || '*' || r.party_id, ', ' ORDER BY r.country_code, r.party_id)
                   FROM peer_roles r WHERE r.peer_id = pairs.peer_id), '') AS peer_roles,
       CASE WHEN peer_id IS NULL THEN 'no peer'
            WHEN delivered_at IS NOT NULL THEN 'delivered'
            WHEN attempted_at IS NOT NULL THEN 'in doubt'
            WHEN recorded IS NOT NULL THEN 'refused'
            ELSE 'not sent yet' END AS state,
       coalesce(attempts, 0) AS posts,
       coalesce(to_char(delivered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"'), '') AS delivered,
       coalesce(confirmed_by, '') AS confirmed_by,
       coalesce(location_url, '') AS location_url,
       CASE WHEN peer_id IS NULL OR delivered_at IS NOT NULL THEN ''
            WHEN attempted_at IS NOT NULL AND coalesce(queued, false) THEN 'the peer is asked on the next try'
            WHEN attempted_at IS NOT NULL THEN 'ask the EMSP, then settle_cdr_delivery.sql'
            WHEN coalesce(queued, false) THEN 'posted on the next try'
            WHEN recorded IS NOT NULL THEN 'settle_cdr_delivery.sql -v outcome=post to send it again'
            ELSE 'nothing queued: a resync sends it' END AS next_step,
       coalesce(CASE WHEN delivered_at IS NULL THEN last_error END, '') AS last_error
  FROM pairs
 ORDER BY country_code, party_id, seq, peer_id;
COMMIT;
