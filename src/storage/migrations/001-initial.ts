// Members, sessions, sign-ups, organisers, the outbox, the audit log and inbound de-duplication.
export default `
-- AUTOINCREMENT: an erased member's id is never given to someone else.
CREATE TABLE members (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  platform TEXT NOT NULL,
  user_id TEXT NOT NULL,
  roster_name TEXT,
  role TEXT CHECK (role IN ('huisarts', 'aios', 'other')),
  locale TEXT CHECK (locale IN ('nl', 'en')),
  dm_conversation TEXT,
  reachable INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  UNIQUE (platform, user_id)
) STRICT;

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  venue TEXT NOT NULL,
  address TEXT NOT NULL,
  city TEXT NOT NULL,
  region TEXT NOT NULL,
  leader_name TEXT NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity >= 0),
  audience TEXT NOT NULL CHECK (audience IN ('huisarts', 'aios', 'both')),
  signup_deadline INTEGER,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cancelled')),
  notes TEXT NOT NULL DEFAULT '',
  is_example INTEGER NOT NULL DEFAULT 0,
  revision INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_by_start ON sessions (starts_at);

CREATE TABLE signups (
  id INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
  -- order of (re)joining: the waitlist is served by seq
  seq INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (session_id, member_id)
) STRICT;
CREATE INDEX signups_by_session ON signups (session_id, status, seq);
CREATE INDEX signups_by_member ON signups (member_id);

CREATE TABLE organisers (
  platform TEXT NOT NULL,
  user_id TEXT NOT NULL,
  added_at INTEGER NOT NULL,
  PRIMARY KEY (platform, user_id)
) STRICT;

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  -- what + to whom: enqueueing the same thing twice sends it once
  dedupe_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  platform TEXT NOT NULL,
  conversation TEXT NOT NULL,
  member_id INTEGER REFERENCES members (id) ON DELETE SET NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  not_before INTEGER NOT NULL,
  message_id TEXT,
  failure TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
) STRICT;
CREATE INDEX outbox_due ON outbox (platform, status, not_before);

CREATE TABLE processed_events (
  key TEXT PRIMARY KEY,
  seen_at INTEGER NOT NULL
) STRICT;

-- Organiser and leader actions: who did what, when (no message contents).
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT,
  detail TEXT
) STRICT;

CREATE TABLE conversation_refs (
  platform TEXT NOT NULL,
  conversation TEXT NOT NULL,
  user_id TEXT,
  reference TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (platform, conversation)
) STRICT;
`;
