-- The tenants, with their live owner tokens, the peer connections granted to them, and where their back-office
-- receives commands and charging profiles (connect_backoffice.sql; never the token).
-- psql "$DATABASE_URL" -f sql/admin/list_tenants.sql
\set QUIET on
\set ON_ERROR_STOP on
\set SHOW_CONTEXT never
\pset format aligned
\pset tuples_only off
\pset footer off
BEGIN READ ONLY;
SELECT t.country_code || '*' || t.party_id AS tenant,
       t.name,
       coalesce(t.website, '') AS website,
       (SELECT count(*) FROM tokens k
         WHERE k.country_code = t.country_code AND k.party_id = t.party_id AND k.revoked_at IS NULL) AS owner_tokens,
       (SELECT count(*) FROM peer_connections p
         WHERE p.state = 'connected'
           AND (p.all_tenants OR EXISTS (SELECT 1 FROM peer_tenant_grants g
                 WHERE g.peer_id = p.id AND g.country_code = t.country_code AND g.party_id = t.party_id))) AS connected_peers,
       coalesce((SELECT b.commands_url FROM backoffice_links b WHERE b.country_code = t.country_code AND b.party_id = t.party_id), '') AS backoffice_commands,
       coalesce((SELECT b.chargingprofiles_url FROM backoffice_links b WHERE b.country_code = t.country_code AND b.party_id = t.party_id), '') AS backoffice_chargingprofiles,
       to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI"Z"') AS created
  FROM tenants t
 ORDER BY t.country_code, t.party_id;
COMMIT;
