-- The authorizations the tenants' back-offices asked for (POST …/tokens/{uid}/authorize), newest first: the token,
-- its EMSP party, the location and EVSEs, the answer, where it came from, how long it took, and why nothing was
-- decided when nothing was.
--   source   stored          the stored token decided (whitelist ALWAYS, or ALLOWED and valid)
--            real_time       the token's EMSP decided, asked at once
--            stored_offline  the stored token decided because its EMSP could not be reached (ALLOWED_OFFLINE)
--            none            nothing was decided (see outcome and detail)
--   outcome  answered, unknown_token (no EMSP knows it), emsp_unreachable, emsp_refused (it answered out of the spec)
-- psql "$DATABASE_URL" -f sql/admin/authorizations.sql [-v days=1] [-v tenant='DE*ABC'] [-v token=04A1B2C3] [-v limit=100]
\set QUIET on
\set ON_ERROR_STOP on
\set SHOW_CONTEXT never
\pset format aligned
\pset tuples_only off
\pset footer off
\if :{?days} \else \set days 1 \endif
\if :{?tenant} \else \set tenant '' \endif
\if :{?token} \else \set token '' \endif
\if :{?limit} \else \set limit 100 \endif
BEGIN READ ONLY;
SELECT set_config('ocpi.list_tenant', :'tenant', true) IS NULL AS unused,
       set_config('ocpi.list_days', :'days', true) IS NULL AS unused2,
       set_config('ocpi.list_limit', :'limit', true) IS NULL AS unused3 \gset
DO $$
BEGIN
    IF btrim(current_setting('ocpi.list_tenant')) !~ '^([A-Za-z]{2}\*[A-Za-z0-9]{3})?$' THEN
        RAISE EXCEPTION 'tenant must be a country code and a party id: -v tenant=''DE*ABC''';
    END IF;
    IF btrim(current_setting('ocpi.list_days')) !~ '^[0-9]{1,4}(\.[0-9]+)?$' THEN
        RAISE EXCEPTION 'days must be a number of days: -v days=7';
    END IF;
    IF btrim(current_setting('ocpi.list_limit')) !~ '^[0-9]{1,6}$' THEN
        RAISE EXCEPTION 'limit must be a whole number: -v limit=500';
    END IF;
END $$;
SELECT to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS"Z"') AS at,
       a.country_code || '*' || a.party_id AS tenant,
       a.token_uid AS token,
       a.token_type AS type,
       coalesce(a.token_country_code || '*' || a.token_party_id, '') AS emsp,
       coalesce(a.peer_id::text, '') AS peer,
       coalesce(a.location_id, '') AS location,
       coalesce(array_to_string(a.evse_uids, ','), '') AS evses,
       coalesce(a.allowed, '') AS allowed,
       a.source,
       a.outcome,
       coalesce(a.authorization_reference, '') AS authorization_reference,
       round(a.latency_us / 1000.0, 2) AS ms,
       coalesce(a.detail, '') AS detail
  FROM authorizations a
 WHERE a.created_at >= now() - make_interval(secs => btrim(:'days')::float8 * 86400)
   AND (btrim(:'tenant') = '' OR a.country_code || '*' || a.party_id = upper(btrim(:'tenant')))
   AND (:'token' = '' OR lower(a.token_uid) = lower(:'token'))
 ORDER BY a.created_at DESC, a.id DESC
 LIMIT btrim(:'limit')::int;
COMMIT;
