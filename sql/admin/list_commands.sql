-- Recent commands EMSPs sent to the tenants' chargers, newest first: which peer, which command and object, what
-- the back-office answered at once, the result it sent (or TIMEOUT) and when, and the relay of that result to the
-- EMSP. Refusals made before a command reached a tenant (bad body, someone else's location) are not recorded.
--   state   waiting (accepted, result due by the deadline), result, timed_out, refused (by the back-office, or it
--           could not be reached)
--   relay   pending (being delivered to the EMSP's response_url, with back-off), delivered, failed
-- psql "$DATABASE_URL" -f sql/admin/list_commands.sql [-v tenant='DE*ABC'] [-v hours=24] [-v limit=100]
\set QUIET on
\set ON_ERROR_STOP on
\set SHOW_CONTEXT never
\pset format aligned
\pset tuples_only off
\pset footer off
\if :{?tenant} \else \set tenant '' \endif
\if :{?hours} \else \set hours 24 \endif
\if :{?limit} \else \set limit 100 \endif
BEGIN READ ONLY;
SELECT set_config('ocpi.list_tenant', :'tenant', true) IS NULL AS unused,
       set_config('ocpi.list_hours', :'hours', true) IS NULL AS unused2,
       set_config('ocpi.list_limit', :'limit', true) IS NULL AS unused3 \gset
DO $$
BEGIN
    IF btrim(current_setting('ocpi.list_tenant')) !~ '^([A-Za-z]{2}\*[A-Za-z0-9]{3})?$' THEN
        RAISE EXCEPTION 'tenant must be a country code and a party id: -v tenant=''DE*ABC''';
    END IF;
    IF btrim(current_setting('ocpi.list_hours')) !~ '^[0-9]{1,6}(\.[0-9]+)?$' THEN
        RAISE EXCEPTION 'hours must be a number of hours: -v hours=24';
    END IF;
    IF btrim(current_setting('ocpi.list_limit')) !~ '^[0-9]{1,6}$' THEN
        RAISE EXCEPTION 'limit must be a whole number: -v limit=500';
    END IF;
END $$;
SELECT to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"') AS at,
       c.country_code || '*' || c.party_id AS tenant,
       coalesce(c.peer_id::text, '') AS peer,
       c.peer_country_code || '*' || c.peer_party_id AS emsp,
       c.command,
       coalesce(c.subject, '') AS subject,
       c.state,
       coalesce(c.response ->> 'result', '') AS response,
       coalesce(c.forward_error, '') AS forward_error,
       coalesce(c.result ->> 'result', '') AS result,
       coalesce(round(extract(epoch FROM c.result_at - c.created_at)::numeric, 3)::text, '') AS result_after_s,
       coalesce(c.late_result ->> 'result', '') AS late_result,
       c.relay,
       c.relay_attempts AS relay_tries,
       coalesce(to_char(c.relayed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"'), '') AS relayed,
       coalesce(c.relay_error, '') AS relay_error
  FROM commands c
 WHERE c.created_at >= now() - make_interval(secs => btrim(:'hours')::float8 * 3600)
   AND (btrim(:'tenant') = '' OR c.country_code || '*' || c.party_id = upper(btrim(:'tenant')))
 ORDER BY c.created_at DESC, c.id DESC
 LIMIT btrim(:'limit')::int;
COMMIT;
