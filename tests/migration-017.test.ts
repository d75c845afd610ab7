import { describe, expect, it } from "vitest";
import { getSession } from "../src/domain/sessions.js";
import { migrate, openDatabase } from "../src/storage/db.js";
import { tempDatabasePath } from "./support/driver.js";

// Session counts kept by triggers: filled from the rows there are, and equal to a recount after any write.

const recount = `SELECT s.id AS session_id,
    (SELECT count(*) FROM signups g WHERE g.session_id = s.id AND g.status = 'confirmed') AS confirmed,
    (SELECT count(*) FROM signups g WHERE g.session_id = s.id AND g.status = 'waitlisted') AS waitlisted
  FROM sessions s ORDER BY s.id`;
const kept = `SELECT s.id AS session_id, coalesce(c.confirmed, 0) AS confirmed, coalesce(c.waitlisted, 0) AS waitlisted
  FROM sessions s LEFT JOIN session_counts c ON c.session_id = s.id ORDER BY s.id`;

const sessionRow = (id: string) =>
  `INSERT INTO sessions (id, title, starts_at, ends_at, venue, address, city, region, leader_name, capacity,
     audience, status, notes, revision, created_at, updated_at)
   VALUES ('${id}', 'T', 10, 20, 'V', 'A', 'C', 'R', 'L', 2, 'both', 'open', '', 0, 0, 0);`;

describe("migration 017 (session counts)", () => {
  it("leaves its triggers in the newest schema (a later rebuild of signups must create them again)", () => {
    const db = openDatabase(tempDatabasePath());
    const triggers = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'signups' ORDER BY name")
      .all();
    expect(triggers).toEqual([
      { name: "signups_count_delete" },
      { name: "signups_count_insert" },
      { name: "signups_count_update" },
    ]);
    db.close();
  });

  it("counts the sign-ups already there", () => {
    const db = openDatabase(tempDatabasePath(), { migrate: false });
    migrate(db, 16);
    db.exec(`${sessionRow("S1")}${sessionRow("S2")}${sessionRow("S3")}
      INSERT INTO members (id, created_at) VALUES (1, 0), (2, 0), (3, 0);
      INSERT INTO signups (session_id, member_id, status, seq, created_at, updated_at) VALUES
        ('S1', 1, 'confirmed', 1, 0, 0), ('S1', 2, 'confirmed', 2, 0, 0), ('S1', 3, 'waitlisted', 3, 0, 0),
        ('S2', 1, 'cancelled', 1, 0, 0), ('S2', 2, 'waitlisted', 2, 0, 0);`);
    expect(migrate(db, 17)).toBe(17);
    expect(db.prepare(kept).all()).toEqual(db.prepare(recount).all());
    expect(getSession(db, "S1")).toMatchObject({ confirmed: 2, waitlisted: 1, placesLeft: 0 });
    expect(getSession(db, "S3")).toMatchObject({ confirmed: 0, waitlisted: 0, placesLeft: 2 });
    db.close();
  });

  it("keeps them through inserts, status changes, moves, deletes and a session's cascade", () => {
    const db = openDatabase(tempDatabasePath());
    db.exec(`${sessionRow("S1")}${sessionRow("S2")}
      INSERT INTO members (id, created_at) VALUES (1, 0), (2, 0), (3, 0), (4, 0);
      INSERT INTO signups (session_id, member_id, status, seq, created_at, updated_at) VALUES
        ('S1', 1, 'confirmed', 1, 0, 0), ('S1', 2, 'confirmed', 2, 0, 0), ('S1', 3, 'waitlisted', 3, 0, 0),
        ('S2', 4, 'waitlisted', 1, 0, 0);`);
    const same = () => expect(db.prepare(kept).all()).toEqual(db.prepare(recount).all());
    same();
    db.exec("UPDATE signups SET status = 'cancelled' WHERE member_id = 1 AND session_id = 'S1'");
    db.exec("UPDATE signups SET status = 'confirmed' WHERE member_id = 3 AND session_id = 'S1'");
    same();
    db.exec("UPDATE signups SET session_id = 'S1' WHERE member_id = 4");
    db.exec("UPDATE signups SET updated_at = 5");
    same();
    db.exec("DELETE FROM members WHERE id = 2");
    same();
    expect(getSession(db, "S1")).toMatchObject({ confirmed: 1, waitlisted: 1 });
    db.exec("DELETE FROM sessions WHERE id = 'S1'");
    expect(db.prepare("SELECT session_id FROM session_counts").all()).toEqual([{ session_id: "S2" }]);
    same();
    db.close();
  });
});
