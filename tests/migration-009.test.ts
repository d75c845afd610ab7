import { describe, expect, it } from "vitest";
import { migrate, openDatabase } from "../src/storage/db.js";
import { tempDatabasePath } from "./support/driver.js";

describe("migration 009 (bot lease)", () => {
  it("adds an empty bot_lease table to a database with members in it, which holds at most one row", () => {
    const db = openDatabase(tempDatabasePath(), { migrate: false });
    migrate(db, 7);
    db.prepare("INSERT INTO members (platform, user_id, created_at) VALUES ('slack', 'U1', 0)").run();
    expect(migrate(db, 9)).toBe(9);
    expect(db.prepare("SELECT count(*) AS n FROM members").get()).toEqual({ n: 1 });
    expect(db.prepare("SELECT count(*) AS n FROM bot_lease").get()).toEqual({ n: 0 });
    const insert = db.prepare(
      "INSERT INTO bot_lease (id, token, host, pid, started_at, renewed_at, expires_at) VALUES (?, 't', 'h', 1, 0, 0, 1)",
    );
    insert.run(1);
    expect(() => insert.run(2)).toThrow(/CHECK/);
    db.close();
  });
});
