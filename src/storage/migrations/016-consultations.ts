// Consultation rounds (issue 19, "reactierondes"): members react in their own words to the working groups' drafts.
// `members` is rebuilt for the new role "stakeholder" (SQLite cannot widen a CHECK in place), as 011 rebuilt it;
// runs with foreign keys off, so dropping the old table cascades nowhere.
//
// Anonymous rounds: a reaction can be changed until the close, yet no table may tie it to a member. So the key to
// it lives with the member, not with us: the service puts a random key in the cards it sends back as replies
// (never through the outbox, whose rows name the member) and only its SHA-256 is stored (token_hash). Participants
// say only "started"/"submitted" (the reminder; one submitted reaction per member), with no time and no rowid, and
// reactions have random ids in a WITHOUT ROWID table: neither order nor time ties a participant to a reaction.
export default `
CREATE TABLE members_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  roster_name TEXT,
  role TEXT CHECK (role IN ('huisarts', 'aios', 'stakeholder', 'other')),
  locale TEXT CHECK (locale IN ('nl', 'en')),
  -- chosen with \`voorkeur\`: where broadcasts, reminders and polls reach them; NULL: the identity used last
  preferred_platform TEXT,
  -- \`stop\`: no broadcasts, polls or survey reminders; their own confirmations and session reminders still come
  opted_out_at INTEGER,
  -- the first message they got without having written first said how to stop
  told_how_to_stop INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
) STRICT;
INSERT INTO members_new (id, roster_name, role, locale, preferred_platform, opted_out_at, told_how_to_stop, created_at)
  SELECT id, roster_name, role, locale, preferred_platform, opted_out_at, told_how_to_stop, created_at FROM members;
-- AUTOINCREMENT's high mark travels along: an erased member's id is never given to someone else.
INSERT INTO sqlite_sequence (name, seq)
  SELECT 'members_new', coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'members'), 0)
  WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'members_new');
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'members'), 0))
  WHERE name = 'members_new';
DROP VIEW member_reach;
DROP TABLE members;
ALTER TABLE members_new RENAME TO members;

-- As migration 011 defines it: a member with the identity messages go to; one whose identities all left is not in it.
CREATE VIEW member_reach AS
  SELECT m.id, m.roster_name, m.role, m.locale, m.preferred_platform, m.opted_out_at, m.told_how_to_stop,
    m.created_at, i.id AS identity_id, i.platform, i.workspace, i.user_id, i.dm_conversation, i.reachable,
    i.last_seen_at
  FROM members m JOIN identities i ON i.id = (
    SELECT c.id FROM identities c WHERE c.member_id = m.id AND c.left_at IS NULL
    ORDER BY c.platform IS m.preferred_platform DESC, c.reachable DESC, c.last_seen_at IS NULL,
      c.last_seen_at DESC, c.id DESC
    LIMIT 1);

CREATE TABLE consultations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title TEXT NOT NULL,
  -- 'all' (every member, also those whose role is unknown) or roles joined by ',' ('huisarts,aios,stakeholder')
  audience TEXT NOT NULL,
  opens_at INTEGER NOT NULL,
  closes_at INTEGER NOT NULL,
  anonymous INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
  status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'open', 'closed')),
  reminded_at INTEGER,
  closed_at INTEGER,
  created_by INTEGER REFERENCES members (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  CHECK (closes_at > opens_at)
) STRICT;
-- One row per core task the round asks about: the draft's link and the questions, as they were when it opened.
CREATE TABLE consultation_tasks (
  consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  task_id TEXT NOT NULL,
  label TEXT NOT NULL,      -- JSON {nl, en}
  draft_url TEXT NOT NULL,  -- https only
  questions TEXT NOT NULL,  -- JSON [{id, label:{nl,en}}]
  PRIMARY KEY (consultation_id, task_id)
) STRICT;
-- Who takes part, named and anonymous rounds alike; never what they wrote. No times and no rowid (WITHOUT ROWID):
-- neither order nor time can tie a participant to an anonymous reaction.
CREATE TABLE consultation_participants (
  consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('started', 'submitted')),
  PRIMARY KEY (consultation_id, member_id)
) STRICT, WITHOUT ROWID;
-- The reactions. Named: member_id set, times kept. Anonymous: member_id, updated_at and submitted_at NULL; the row
-- is found by the hash of a random key that only the member's own card in their chat carries (token_hash).
-- Random reaction ids and WITHOUT ROWID: the storage order says nothing either.
CREATE TABLE consultation_reactions (
  consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  reaction_id TEXT NOT NULL,          -- 16 random bytes, base64url
  member_id INTEGER REFERENCES members (id) ON DELETE CASCADE,
  token_hash TEXT,                    -- anonymous only: sha256 (base64url) of the card's key
  role TEXT,                          -- the author's role when they last saved (for counts); NULL: unknown
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
  answers TEXT NOT NULL,              -- JSON {"<task>.<question>": text}
  updated_at INTEGER,
  submitted_at INTEGER,
  PRIMARY KEY (consultation_id, reaction_id),
  CHECK ((member_id IS NULL) <> (token_hash IS NULL))
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX consultation_reactions_member ON consultation_reactions (consultation_id, member_id) WHERE member_id IS NOT NULL;
CREATE UNIQUE INDEX consultation_reactions_token ON consultation_reactions (consultation_id, token_hash) WHERE token_hash IS NOT NULL;
`;
