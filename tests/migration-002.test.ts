import { describe, expect, it } from "vitest";
import { migrate, openDatabase, schemaVersion } from "../src/storage/db.js";
import { tempDatabasePath } from "./support/driver.js";

describe("migration 002 (delivery)", () => {
  it("keeps outbox rows written under version 1 and adds the delivery tables", () => {
    const db = openDatabase(tempDatabasePath(), { migrate: false });
    migrate(db, 1);
    db.prepare(
      `INSERT INTO outbox (dedupe_key, kind, platform, conversation, payload, not_before, created_at)
       VALUES ('k', 'waitlist.promoted', 'slack', 'D1', '{"text":"x"}', 5, 5)`,
    ).run();
    expect(migrate(db, 2)).toBeGreaterThanOrEqual(2);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(2);
    expect(db.prepare("SELECT dedupe_key, status, nudge, broadcast_id, update_of FROM outbox").all()).toEqual([
      { dedupe_key: "k", status: "pending", nudge: 0, broadcast_id: null, update_of: null },
    ]);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
      (t) => t.name,
    );
    expect(tables).toEqual(
      expect.arrayContaining(["broadcasts", "scheduled_jobs", "job_runs", "scheduler_state", "announcements"]),
    );
    db.close();
  });
});
