import { describe, expect, it } from "vitest";
import { migrate, openDatabase } from "../src/storage/db.js";
import { tempDatabasePath } from "./support/driver.js";

const tableNames = (db: ReturnType<typeof openDatabase>) =>
  db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
    .all()
    .map((t) => t.name);

describe("migration 010 (drop scheduled jobs)", () => {
  it("drops the job table, its runs and the scheduler's mark, and keeps the rest", () => {
    const db = openDatabase(tempDatabasePath(), { migrate: false });
    migrate(db, 9);
    db.prepare("INSERT INTO scheduler_state (key, value) VALUES ('last_checked', 5)").run();
    expect(tableNames(db)).toEqual(expect.arrayContaining(["scheduled_jobs", "job_runs", "scheduler_state"]));
    expect(migrate(db, 10)).toBe(10);
    const after = tableNames(db);
    expect(after.filter((name) => ["scheduled_jobs", "job_runs", "scheduler_state"].includes(name))).toEqual([]);
    expect(after).toEqual(expect.arrayContaining(["outbox", "broadcasts", "announcements", "polls", "bot_lease"]));
    db.close();
  });
});
