-- Login attempts, limited for the whole fleet: every instance counts in this table, so
-- two instances do not each allow the quota. One row per limited key ("address:…",
-- "person:…") with its theoretical arrival time (GCRA): an attempt is allowed when the
-- key's time, moved on by one attempt's share of the period, is at most a period ahead.
-- A row whose time has passed means the same as no row; they are swept now and then.
-- UNLOGGED: a crash or a failover forgets the counts (a minute's worth), and the table
-- costs no WAL.
CREATE UNLOGGED TABLE login_rate_limits (
    key text PRIMARY KEY,
    tat timestamptz NOT NULL
);
CREATE INDEX login_rate_limits_tat ON login_rate_limits (tat);
