// The organisers' dashboard (issue 17): passwordless sign-in links got in chat (single use, short-lived) and the
// browser sessions they open. Only hashes of the random tokens are stored: a copy of the database signs no one in.
// Survey completions get their time, so the dashboard can chart the response over time.
export default `
CREATE TABLE dashboard_links (
  -- SHA-256 of the link's random token (hex)
  token_hash TEXT PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  -- 'organiser': everything; 'leader': only the sessions they lead
  scope TEXT NOT NULL CHECK (scope IN ('organiser', 'leader')),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX dashboard_links_by_member ON dashboard_links (member_id);

CREATE TABLE dashboard_sessions (
  -- SHA-256 of the cookie's random value (hex)
  id_hash TEXT PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  scope TEXT NOT NULL CHECK (scope IN ('organiser', 'leader')),
  -- sent with every form that changes something; compared with the session's own
  csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX dashboard_sessions_by_member ON dashboard_sessions (member_id);

ALTER TABLE survey_recipients ADD COLUMN completed_at INTEGER;
CREATE INDEX survey_recipients_completed ON survey_recipients (campaign_id, completed_at) WHERE completed_at IS NOT NULL;
`;
