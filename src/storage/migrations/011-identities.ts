// A person is a member; each way to reach them (a Slack or Teams account) is an identity of theirs. Tables that
// named a person by `platform:userId` text now refer to the member id. The platform directory (synced from
// users.list and a team's roster) adds identities of members who never wrote; linking joins two into one person.
// Runs with foreign keys off (SQLite's table rebuild: dropping the old members table must not cascade).
export default `
CREATE TABLE members_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  roster_name TEXT,
  role TEXT CHECK (role IN ('huisarts', 'aios', 'other')),
  locale TEXT CHECK (locale IN ('nl', 'en')),
  -- chosen with \`voorkeur\`: where broadcasts, reminders and polls reach them; NULL: the identity used last
  preferred_platform TEXT,
  -- \`stop\`: no broadcasts, polls or survey reminders; their own confirmations and session reminders still come
  opted_out_at INTEGER,
  -- the first message they got without having written first said how to stop
  told_how_to_stop INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
) STRICT;
INSERT INTO members_new (id, roster_name, role, locale, created_at)
  SELECT id, roster_name, role, locale, created_at FROM members;
-- AUTOINCREMENT's high mark travels along: an erased member's id is never given to someone else.
INSERT INTO sqlite_sequence (name, seq)
  SELECT 'members_new', coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'members'), 0)
  WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'members_new');
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'members'), 0))
  WHERE name = 'members_new';

CREATE TABLE identities (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  platform TEXT NOT NULL,
  -- Slack team or enterprise id, Teams tenant id; '' while not yet known
  workspace TEXT NOT NULL DEFAULT '',
  user_id TEXT NOT NULL,
  -- the 1:1 conversation with the bot, once known (they wrote, or the bot opened it)
  dm_conversation TEXT,
  reachable INTEGER NOT NULL DEFAULT 1,
  -- when they last wrote or clicked here (NULL: never; found in the directory)
  last_seen_at INTEGER,
  -- listed by the platform's directory (users.list, the team's roster)
  in_directory INTEGER NOT NULL DEFAULT 0,
  guest INTEGER NOT NULL DEFAULT 0,
  -- left the workspace or team: in no audience any more
  left_at INTEGER,
  -- HMAC of the verified e-mail address (only when linking by e-mail is on); never the address
  email_hash TEXT,
  -- how it joined its member: NULL (its own), 'email' or 'code'; after \`ontkoppel\` no automatic link again
  linked_by TEXT CHECK (linked_by IN ('email', 'code')),
  auto_link INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  UNIQUE (platform, user_id)
) STRICT;
CREATE INDEX identities_by_member ON identities (member_id);
CREATE INDEX identities_by_email ON identities (email_hash) WHERE email_hash IS NOT NULL;
CREATE INDEX identities_by_workspace ON identities (platform, workspace);

INSERT INTO identities (member_id, platform, workspace, user_id, dm_conversation, reachable, last_seen_at, created_at)
  SELECT m.id, m.platform,
    coalesce((SELECT r.reference ->> '$.conversation.tenantId' FROM conversation_refs r
      WHERE r.platform = m.platform AND r.user_id = m.user_id AND json_valid(r.reference)
      ORDER BY r.updated_at DESC LIMIT 1), ''),
    m.user_id, m.dm_conversation, m.reachable, m.created_at, m.created_at
  FROM members m;

-- Organisers and leaders named by key who never wrote become members of their own.
CREATE TEMP TABLE named_keys AS
  SELECT platform, user_id, min(at) AS at FROM (
    SELECT platform, user_id, added_at AS at FROM organisers
    UNION ALL SELECT platform, user_id, linked_at FROM session_leaders
  ) k
  WHERE NOT EXISTS (SELECT 1 FROM identities i WHERE i.platform = k.platform AND i.user_id = k.user_id)
  GROUP BY platform, user_id;
CREATE TEMP TABLE named_ids AS
  SELECT platform, user_id, at,
    (SELECT seq FROM sqlite_sequence WHERE name = 'members_new') + row_number() OVER (ORDER BY platform, user_id) AS id
  FROM named_keys;
INSERT INTO members_new (id, created_at) SELECT id, at FROM named_ids;
INSERT INTO identities (member_id, platform, user_id, created_at) SELECT id, platform, user_id, at FROM named_ids;
DROP TABLE named_ids;
DROP TABLE named_keys;

CREATE TEMP TABLE key_members AS
  SELECT platform || ':' || user_id AS key, member_id FROM identities;
CREATE UNIQUE INDEX temp.key_members_by_key ON key_members (key);

CREATE TABLE organisers_new (
  member_id INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
  added_at INTEGER NOT NULL
) STRICT;
INSERT OR IGNORE INTO organisers_new (member_id, added_at)
  SELECT i.member_id, o.added_at FROM organisers o
  JOIN identities i ON i.platform = o.platform AND i.user_id = o.user_id;
DROP TABLE organisers;
ALTER TABLE organisers_new RENAME TO organisers;

CREATE TABLE session_leaders_new (
  session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  linked_at INTEGER NOT NULL
) STRICT;
INSERT INTO session_leaders_new (session_id, member_id, linked_at)
  SELECT l.session_id, i.member_id, l.linked_at FROM session_leaders l
  JOIN identities i ON i.platform = l.platform AND i.user_id = l.user_id;
DROP TABLE session_leaders;
ALTER TABLE session_leaders_new RENAME TO session_leaders;
CREATE INDEX session_leaders_by_member ON session_leaders (member_id);

-- Who did it: a member (member_id), or a non-person such as the CLI (actor). Erasure empties member_id.
ALTER TABLE audit_log ADD COLUMN member_id INTEGER REFERENCES members (id) ON DELETE SET NULL;
UPDATE audit_log SET member_id = (SELECT member_id FROM key_members WHERE key = audit_log.actor), actor = 'member'
  WHERE actor IN (SELECT key FROM key_members);
CREATE INDEX audit_log_by_member ON audit_log (member_id) WHERE member_id IS NOT NULL;

-- created_by: the member who created it; NULL when the CLI did, or the member was erased.
ALTER TABLE broadcasts ADD COLUMN created_by_member INTEGER REFERENCES members (id) ON DELETE SET NULL;
UPDATE broadcasts SET created_by_member = (SELECT member_id FROM key_members WHERE key = broadcasts.created_by);
ALTER TABLE broadcasts DROP COLUMN created_by;
ALTER TABLE broadcasts RENAME COLUMN created_by_member TO created_by;
ALTER TABLE survey_campaigns ADD COLUMN created_by_member INTEGER REFERENCES members (id) ON DELETE SET NULL;
UPDATE survey_campaigns SET created_by_member =
  (SELECT member_id FROM key_members WHERE key = survey_campaigns.created_by);
ALTER TABLE survey_campaigns DROP COLUMN created_by;
ALTER TABLE survey_campaigns RENAME COLUMN created_by_member TO created_by;
ALTER TABLE polls ADD COLUMN created_by_member INTEGER REFERENCES members (id) ON DELETE SET NULL;
UPDATE polls SET created_by_member = (SELECT member_id FROM key_members WHERE key = polls.created_by);
ALTER TABLE polls DROP COLUMN created_by;
ALTER TABLE polls RENAME COLUMN created_by_member TO created_by;
DROP TABLE key_members;

-- The identity a member's message goes to (its user id, workspace and, for first contact, none yet).
ALTER TABLE outbox ADD COLUMN identity_id INTEGER REFERENCES identities (id) ON DELETE SET NULL;
UPDATE outbox SET identity_id = (SELECT i.id FROM identities i WHERE i.member_id = outbox.member_id
  AND i.platform = outbox.platform) WHERE member_id IS NOT NULL;

DROP TABLE members;
ALTER TABLE members_new RENAME TO members;

-- Where the directory sync of a workspace or team stands: a crash resumes at the cursor.
CREATE TABLE directory_syncs (
  platform TEXT NOT NULL,
  workspace TEXT NOT NULL,
  -- the next page to ask for; NULL when no sync is under way
  cursor TEXT,
  started_at INTEGER,
  finished_at INTEGER,
  -- identities seen by the sync under way (or the last one), to tell who left when it finishes
  seen INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (platform, workspace)
) STRICT;
ALTER TABLE identities ADD COLUMN synced_at INTEGER;

-- \`koppel\`: a one-time code, valid for minutes, that links the identity that asked to the one that types it.
CREATE TABLE link_codes (
  identity_id INTEGER PRIMARY KEY REFERENCES identities (id) ON DELETE CASCADE,
  code TEXT NOT NULL UNIQUE,
  expires_at INTEGER NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0
) STRICT;

-- A member as the rest of the code reaches them: the person with the identity messages go to (the one they chose
-- with \`voorkeur\`, else a reachable one, else the one they used last). A member whose identities all left is
-- not in it, so in no audience.
CREATE VIEW member_reach AS
  SELECT m.id, m.roster_name, m.role, m.locale, m.preferred_platform, m.opted_out_at, m.told_how_to_stop,
    m.created_at, i.id AS identity_id, i.platform, i.workspace, i.user_id, i.dm_conversation, i.reachable,
    i.last_seen_at
  FROM members m JOIN identities i ON i.id = (
    SELECT c.id FROM identities c WHERE c.member_id = m.id AND c.left_at IS NULL
    ORDER BY c.platform IS m.preferred_platform DESC, c.reachable DESC, c.last_seen_at IS NULL,
      c.last_seen_at DESC, c.id DESC
    LIMIT 1);
`;
