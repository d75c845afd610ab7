import { describe, expect, it } from "vitest";
import { migrate, openDatabase } from "../src/storage/db.js";
import { tempDatabasePath } from "./support/driver.js";

describe("migration 016 (consultations)", () => {
  it("rebuilds members for the stakeholder role, keeping every row, reference, the view and the id high mark", () => {
    const db = openDatabase(tempDatabasePath(), { migrate: false });
    migrate(db, 15);
    db.exec(`
      INSERT INTO members (id, roster_name, role, locale, preferred_platform, opted_out_at, told_how_to_stop, created_at)
        VALUES (1, 'Dr. Één', 'huisarts', 'nl', 'slack', 5, 1, 1), (2, NULL, NULL, NULL, NULL, NULL, 0, 2),
          (7, 'Weg', 'aios', 'en', NULL, NULL, 0, 3);
      DELETE FROM members WHERE id = 7;
      INSERT INTO identities (id, member_id, platform, workspace, user_id, dm_conversation, created_at)
        VALUES (10, 1, 'slack', 'T1', 'U1', 'D1', 0), (20, 2, 'teams', '', '29:x', NULL, 0);
      INSERT INTO organisers (member_id, added_at) VALUES (1, 0);
    `);
    const before = db.prepare("SELECT * FROM members ORDER BY id").all();
    const reachBefore = db.prepare("SELECT * FROM member_reach ORDER BY id").all();
    expect(migrate(db, 16)).toBe(16);
    expect(db.prepare("SELECT * FROM members ORDER BY id").all()).toEqual(before);
    expect(db.prepare("SELECT * FROM member_reach ORDER BY id").all()).toEqual(reachBefore);
    expect(db.pragma("foreign_key_check")).toEqual([]);
    // Foreign keys still point at the new table: deleting a member cascades to its identity and organiser row.
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    db.prepare("DELETE FROM members WHERE id = 1").run();
    expect(db.prepare("SELECT count(*) AS n FROM identities WHERE member_id = 1").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM organisers").get()).toEqual({ n: 0 });
    // An erased member's id (7) is never given again.
    const next = db.prepare("INSERT INTO members (role, created_at) VALUES ('stakeholder', 9)").run();
    expect(Number(next.lastInsertRowid)).toBe(8);
    expect(() => db.prepare("INSERT INTO members (role, created_at) VALUES ('patient', 9)").run()).toThrow(/CHECK/);
    db.close();
  });

  it("creates the consultation tables: no rowid where order could tell, and one reaction per member or key", () => {
    const db = openDatabase(tempDatabasePath());
    db.exec(`
      INSERT INTO members (id, created_at) VALUES (1, 0);
      INSERT INTO consultations (id, title, audience, opens_at, closes_at, anonymous, created_at)
        VALUES (1, 'R', 'all', 1, 2, 1, 0);
    `);
    const react = db.prepare(
      `INSERT INTO consultation_reactions (consultation_id, reaction_id, member_id, token_hash, status, answers)
       VALUES (1, ?, ?, ?, 'draft', '{}')`,
    );
    expect(() => react.run("r1", 1, "h")).toThrow(/CHECK/); // both a member and a key
    expect(() => react.run("r1", null, null)).toThrow(/CHECK/); // neither
    react.run("r1", null, "h");
    expect(() => react.run("r2", null, "h")).toThrow(/UNIQUE/);
    react.run("r3", 1, null);
    expect(() => react.run("r4", 1, null)).toThrow(/UNIQUE/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO consultations (title, audience, opens_at, closes_at, anonymous, created_at) VALUES ('R', 'all', 2, 2, 0, 0)",
        )
        .run(),
    ).toThrow(/CHECK/);
    for (const table of ["consultation_participants", "consultation_reactions"])
      expect(() => db.prepare(`SELECT rowid FROM ${table}`).all()).toThrow();
    db.close();
  });
});
