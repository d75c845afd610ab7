import { describe, expect, it } from "vitest";
import { migrate, openDatabase, schemaVersion } from "../src/storage/db.js";
import { tempDatabasePath } from "./support/driver.js";

describe("migration 004 (session leaders)", () => {
  it("adds the leaders, attendance and report tables to a database of the version before, keeping its data", () => {
    const db = openDatabase(tempDatabasePath(), { migrate: false });
    migrate(db, 1);
    db.prepare(
      `INSERT INTO sessions (id, title, starts_at, ends_at, venue, address, city, region, leader_name, capacity,
         audience, created_at, updated_at) VALUES ('S1', 'T', 1, 2, 'V', '', 'Utrecht', 'Utrecht', 'A', 5, 'both', 0, 0)`,
    ).run();
    expect(migrate(db, 4)).toBe(4);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(4);
    db.prepare(
      "INSERT INTO session_leaders (session_id, platform, user_id, linked_at) VALUES ('S1', 'slack', 'U1', 0)",
    ).run();
    db.prepare(
      "INSERT INTO session_reports (session_id, status, format_version, updated_at) VALUES ('S1', 'draft', 'v', 0)",
    ).run();
    // Deleting a session takes its leader link and report with it.
    db.prepare("DELETE FROM sessions WHERE id = 'S1'").run();
    expect(db.prepare("SELECT count(*) AS n FROM session_leaders").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM session_reports").get()).toEqual({ n: 0 });
    db.close();
  });
});
