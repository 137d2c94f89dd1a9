-- The peer connections: state, version, the versions offered to them, roles, the parties whose sessions and CDRs
-- they read (set_peer_parties.sql), for a Hub the parties behind it as it reports them (HubClientInfo: party, role,
-- status; an OFFLINE or SUSPENDED one is pushed nothing through it), granted tenants, endpoints, the last
-- handshake error, and push: its state (active, failing, or suspended, and why: unreachable, or refusing our
-- token), pending deliveries, the age of the oldest, the last success and the last push error. A suspended peer is
-- resumed by resume_peer.sql. tokens_pull: the pull of its tokens from its Tokens Sender (running, failing, or
-- the last one's pages and tokens stored, kept because a newer one was stored, and refused), and its last error.
-- psql "$DATABASE_URL" -f sql/admin/list_peers.sql
\set QUIET on
\set ON_ERROR_STOP on
\set SHOW_CONTEXT never
\pset format aligned
\pset tuples_only off
\pset footer off
BEGIN READ ONLY;
SELECT p.id,
       p.state,
       coalesce(p.version, '') AS version,
       coalesce(array_to_string(p.versions, ','), 'all') AS offered,
       coalesce((SELECT string_agg(r.role || ' ' || r.country_code || '*' || r.party_id, ', ' ORDER BY r.country_code, r.party_id)
                   FROM peer_roles r WHERE r.peer_id = p.id), '') AS roles,
       coalesce(array_to_string(p.reader_parties, ','), '') AS session_cdr_parties,
       coalesce((SELECT string_agg(h.country_code || '*' || h.party_id || ' ' || h.role || ' ' || h.status, ', '
                                   ORDER BY h.country_code, h.party_id)
                   FROM hub_client_info h WHERE h.peer_id = p.id), '') AS hub_parties,
       CASE WHEN p.all_tenants THEN '*'
            ELSE coalesce((SELECT string_agg(g.country_code || '*' || g.party_id, ',' ORDER BY g.country_code, g.party_id)
                             FROM peer_tenant_grants g WHERE g.peer_id = p.id), '') END AS tenants,
       coalesce(p.versions_url, '') AS versions_url,
       coalesce((SELECT string_agg(e->>'identifier' || ':' || coalesce(e->>'role', '?'), ' ' ORDER BY e->>'identifier')
                   FROM jsonb_array_elements(p.endpoints) e), '') AS endpoints,
       coalesce(p.last_error, '') AS last_error,
       CASE WHEN pp.suspended_at IS NOT NULL
                 THEN 'suspended (' || replace(coalesce(pp.failure_cause, 'unreachable'), '_', ' ') || ') since '
                      || to_char(pp.suspended_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI"Z"')
            WHEN pp.failure_cause IS NOT NULL
                 THEN 'failing (' || replace(pp.failure_cause, '_', ' ') || ') since '
                      || to_char(pp.first_failure_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI"Z"')
            ELSE 'active' END AS push,
       (SELECT count(*) FROM push_deliveries d WHERE d.peer_id = p.id AND d.state = 'pending') AS pending,
       coalesce((SELECT to_char(now() - min(d.created_at), 'HH24:MI:SS')
                   FROM push_deliveries d WHERE d.peer_id = p.id AND d.state = 'pending'), '') AS oldest_pending,
       coalesce(to_char(pp.last_success_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"'), '') AS last_push,
       coalesce(pp.last_error, '') AS last_push_error,
       coalesce(pp.needs_resync, false) AS resync,
       coalesce((SELECT CASE WHEN s.lease_until > now()
                                  THEN 'pulling since ' || to_char(s.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"')
                                       || ': ' || s.pages || ' pages, ' || s.stored || ' stored'
                             WHEN s.consecutive_failures > 0
                                  THEN 'failing (' || s.consecutive_failures || ' in a row), next try '
                                       || to_char(s.next_due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"')
                             WHEN s.finished_at IS NOT NULL
                                  THEN 'pulled ' || to_char(s.finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"') || ': '
                                       || s.pages || ' pages, ' || s.stored || ' stored, ' || s.kept_newer || ' kept (newer), '
                                       || s.refused || ' refused; next ' || to_char(s.next_due_at AT TIME ZONE 'UTC', 'HH24:MI"Z"')
                             ELSE 'not pulled yet' END
                   FROM token_syncs s WHERE s.peer_id = p.id), '') AS tokens_pull,
       coalesce((SELECT s.last_error FROM token_syncs s WHERE s.peer_id = p.id), '') AS tokens_pull_error,
       to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"') AS updated
  FROM peer_connections p LEFT JOIN push_peers pp ON pp.peer_id = p.id
 ORDER BY p.id;
COMMIT;
