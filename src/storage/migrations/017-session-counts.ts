// A session's confirmed and waitlisted sign-ups, kept by triggers in the same transaction as the sign-up rows: a
// session's card reads them on every click, and counting the rows grew with the session. Any write to signups
// (the bot, the CLI, a merge, an erasure, retention, a cascade) keeps them, so nothing in the code can forget to.
// A migration that rebuilds signups must create these triggers again.
export default `
CREATE TABLE session_counts (
  session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
  confirmed INTEGER NOT NULL DEFAULT 0,
  waitlisted INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

INSERT INTO session_counts (session_id, confirmed, waitlisted)
  SELECT session_id, sum(status = 'confirmed'), sum(status = 'waitlisted') FROM signups GROUP BY session_id;

CREATE TRIGGER signups_count_insert AFTER INSERT ON signups BEGIN
  INSERT INTO session_counts (session_id, confirmed, waitlisted)
    VALUES (new.session_id, new.status = 'confirmed', new.status = 'waitlisted')
    ON CONFLICT (session_id) DO UPDATE SET confirmed = confirmed + excluded.confirmed,
      waitlisted = waitlisted + excluded.waitlisted;
END;

CREATE TRIGGER signups_count_update AFTER UPDATE OF status, session_id ON signups BEGIN
  UPDATE session_counts SET confirmed = confirmed - (old.status = 'confirmed'),
      waitlisted = waitlisted - (old.status = 'waitlisted')
    WHERE session_id = old.session_id;
  INSERT INTO session_counts (session_id, confirmed, waitlisted)
    VALUES (new.session_id, new.status = 'confirmed', new.status = 'waitlisted')
    ON CONFLICT (session_id) DO UPDATE SET confirmed = confirmed + excluded.confirmed,
      waitlisted = waitlisted + excluded.waitlisted;
END;

CREATE TRIGGER signups_count_delete AFTER DELETE ON signups BEGIN
  UPDATE session_counts SET confirmed = confirmed - (old.status = 'confirmed'),
      waitlisted = waitlisted - (old.status = 'waitlisted')
    WHERE session_id = old.session_id;
END;
`;
