// Delivery and scheduling: nudge and broadcast columns on the outbox, broadcasts, scheduled jobs and their runs,
// and channel announcements whose places-left count is kept current.
export default `
-- An organiser's message to an audience. The text is kept until delivery ends so a resend can use it.
CREATE TABLE broadcasts (
  id INTEGER PRIMARY KEY,
  created_by TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'queued', 'discarded')),
  text TEXT NOT NULL,
  session_id TEXT REFERENCES sessions (id) ON DELETE SET NULL,
  audience TEXT NOT NULL,
  audience_arg TEXT,
  urgent INTEGER NOT NULL DEFAULT 0,
  send_at INTEGER,
  locale TEXT NOT NULL CHECK (locale IN ('nl', 'en')),
  created_at INTEGER NOT NULL,
  queued_at INTEGER
) STRICT;

ALTER TABLE outbox ADD COLUMN nudge INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN broadcast_id INTEGER REFERENCES broadcasts (id);
-- set when this row replaces a message the bot sent before (Adapter.update) instead of sending a new one
ALTER TABLE outbox ADD COLUMN update_of TEXT;
CREATE INDEX outbox_by_broadcast ON outbox (broadcast_id, status);
CREATE INDEX outbox_nudges ON outbox (member_id, nudge, not_before);

-- Recurring jobs: a cron pattern in the bot's zone and the handler that runs it.
CREATE TABLE scheduled_jobs (
  name TEXT PRIMARY KEY,
  pattern TEXT NOT NULL,
  handler TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
) STRICT;

-- One row per occurrence: the unique key makes each occurrence run once, across restarts and DST changes.
CREATE TABLE job_runs (
  job TEXT NOT NULL,
  -- the planned local wall-clock minute (e.g. 2027-10-31T02:30): the same on both sides of a DST change
  planned TEXT NOT NULL,
  planned_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'skipped')),
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  PRIMARY KEY (job, planned)
) STRICT;

CREATE TABLE scheduler_state (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;

-- A session announced in a channel: the message to update when places change.
CREATE TABLE announcements (
  id INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  platform TEXT NOT NULL,
  conversation TEXT NOT NULL,
  locale TEXT NOT NULL CHECK (locale IN ('nl', 'en')),
  outbox_id INTEGER NOT NULL REFERENCES outbox (id),
  -- what the message shows now, so an update is sent only when it changes
  shown TEXT NOT NULL,
  updates INTEGER NOT NULL DEFAULT 0,
  UNIQUE (session_id, platform, conversation)
) STRICT;
`;
