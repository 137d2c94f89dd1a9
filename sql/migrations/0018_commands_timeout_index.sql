-- The relay's timeout sweep and its next wake-up look for commands still 'received' or 'waiting' by timeout_at
-- (CommandStore.timeOutExpired, nextDue). 0017 indexed 'waiting' only, so both read the whole table on every pass:
-- with 150,000 commands kept (make bench) that was 30-40 ms a pass, growing with the table. Additive.
DROP INDEX commands_waiting;
CREATE INDEX commands_open_timeout ON commands (timeout_at) WHERE state IN ('received', 'waiting');
