// Counts kept after retention removes a past session's sign-ups or a closed campaign's recipients: aggregates that name nobody.
export default `
CREATE TABLE session_totals (
  session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
  confirmed INTEGER NOT NULL,
  waitlisted INTEGER NOT NULL,
  cancelled INTEGER NOT NULL,
  attended INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL
) STRICT;

CREATE TABLE campaign_totals (
  campaign_id INTEGER PRIMARY KEY REFERENCES survey_campaigns (id) ON DELETE CASCADE,
  invited INTEGER NOT NULL,
  completed INTEGER NOT NULL,
  opted_out INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL
) STRICT;
`;
