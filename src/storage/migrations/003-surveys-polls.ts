// Survey campaigns (invitations, reminders, completion) and quick polls (rounds, answers, anonymous tallies).
export default `
CREATE TABLE survey_campaigns (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  url TEXT NOT NULL,
  opens_at INTEGER NOT NULL,
  closes_at INTEGER NOT NULL CHECK (closes_at > opens_at),
  -- 'all', a role ('huisarts', 'aios', 'other') or 'region:<province>'
  audience TEXT NOT NULL,
  reminder_cron TEXT,
  max_reminders INTEGER NOT NULL DEFAULT 0 CHECK (max_reminders BETWEEN 0 AND 10),
  personal_links INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'open', 'closed')),
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE survey_recipients (
  campaign_id INTEGER NOT NULL REFERENCES survey_campaigns (id) ON DELETE CASCADE,
  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  -- opaque, random: only for personal links and the completion webhook
  token TEXT UNIQUE,
  state TEXT NOT NULL DEFAULT 'invited' CHECK (state IN ('invited', 'completed', 'opted_out')),
  snoozed_until INTEGER,
  reminders_sent INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (campaign_id, member_id)
) STRICT;

-- One row per campaign and planned moment that was acted on: a second tick or a restart repeats nothing.
CREATE TABLE survey_slots (
  campaign_id INTEGER NOT NULL REFERENCES survey_campaigns (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('open', 'reminder', 'close')),
  planned_at INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, kind, planned_at)
) STRICT;

CREATE TABLE polls (
  id INTEGER PRIMARY KEY,
  question TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('single', 'multiple', 'scale')),
  -- JSON array of option labels (for a scale: "1".."5")
  options TEXT NOT NULL,
  anonymous INTEGER NOT NULL,
  audience TEXT NOT NULL,
  -- first (or only) opening; with a cron schedule, later rounds follow it
  starts_at INTEGER NOT NULL,
  schedule_cron TEXT,
  -- how long each round stays open
  open_ms INTEGER NOT NULL CHECK (open_ms > 0),
  -- no rounds open after this (recurring polls)
  until INTEGER,
  show_running INTEGER NOT NULL DEFAULT 0,
  share_results INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- One occurrence of a poll: a once-poll has one round, a recurring poll one per schedule moment.
CREATE TABLE poll_rounds (
  id INTEGER PRIMARY KEY,
  poll_id INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
  opens_at INTEGER NOT NULL,
  closes_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  UNIQUE (poll_id, opens_at)
) STRICT;

-- That a member answered (one answer per member per round), and nothing else: no time, no order.
CREATE TABLE poll_participants (
  round_id INTEGER NOT NULL REFERENCES poll_rounds (id) ON DELETE CASCADE,
  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  PRIMARY KEY (round_id, member_id)
) STRICT, WITHOUT ROWID;

-- Anonymous polls: counts per option only, so no row can be tied back to a participant.
CREATE TABLE poll_tallies (
  round_id INTEGER NOT NULL REFERENCES poll_rounds (id) ON DELETE CASCADE,
  option INTEGER NOT NULL,
  count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (round_id, option)
) STRICT, WITHOUT ROWID;

-- Named polls: the member's current choice (JSON array of option indexes); changeable until the round closes.
CREATE TABLE poll_answers (
  round_id INTEGER NOT NULL REFERENCES poll_rounds (id) ON DELETE CASCADE,
  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  choices TEXT NOT NULL,
  answered_at INTEGER NOT NULL,
  PRIMARY KEY (round_id, member_id)
) STRICT, WITHOUT ROWID;
`;
