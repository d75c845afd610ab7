// Counts kept after retention removes a past session's sign-ups: aggregates that name nobody.
export default `
CREATE TABLE session_totals (
  session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
  confirmed INTEGER NOT NULL,
  waitlisted INTEGER NOT NULL,
  cancelled INTEGER NOT NULL,
  attended INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL
) STRICT;
`;
