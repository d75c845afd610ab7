// Session leaders: who leads which session, attendance, and the session report in the common format.
export default `
-- One leader per session, linked to a chat user (platform:userId). Kept apart from sessions so that a
-- re-import without leader_id keeps a link made with the CLI.
CREATE TABLE session_leaders (
  session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
  platform TEXT NOT NULL,
  user_id TEXT NOT NULL,
  linked_at INTEGER NOT NULL
) STRICT;
CREATE INDEX session_leaders_by_user ON session_leaders (platform, user_id);

-- Who attended, as marked by the leader; one row per confirmed member once marked.
CREATE TABLE attendance (
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  attended INTEGER NOT NULL CHECK (attended IN (0, 1)),
  marked_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, member_id)
) STRICT;

-- The report in the common format: answers as JSON keyed by "coreTask.question" (and the format's extra fields).
CREATE TABLE session_reports (
  session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
  answers TEXT NOT NULL DEFAULT '{}',
  participants INTEGER,
  format_version TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  submitted_at INTEGER
) STRICT;
`;
