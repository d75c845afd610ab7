import { describe, expect, it, vi } from "vitest";
import { OutcomeBatch } from "../src/services/delivery/outcome-batch.js";
import { WindowLog } from "../src/services/delivery/window-log.js";
import { openDatabase } from "../src/storage/db.js";
import { tempDatabasePath } from "./support/driver.js";

describe("a conversation's sliding windows", () => {
  it("keeps Teams' 60 per 30 seconds and 1,800 per hour", () => {
    const log = new WindowLog([
      { limit: 60, perMs: 30_000 },
      { limit: 1_800, perMs: 3_600_000 },
    ]);
    let now = 0;
    // 60 starts, 100 ms apart: the 61st must wait until the first leaves the 30-second window.
    for (let i = 0; i < 60; i++) {
      expect(log.earliest(now)).toBe(now);
      log.commit(now);
      now += 100;
    }
    expect(log.earliest(now)).toBe(30_000);
    // Thirty windows full: the hour is used up after 1,800, and the next waits for the hour's first to leave.
    let starts = 60;
    while (starts < 1_800) {
      now = log.earliest(now);
      log.commit(now);
      starts++;
    }
    const next = log.earliest(now);
    expect(next).toBe(3_600_000);
    expect(log.idle(now)).toBe(false);
    expect(log.idle(now + 3_600_001)).toBe(true);
  });

  it("holds nothing without windows", () => {
    const log = new WindowLog([]);
    log.commit(5);
    expect(log.earliest(5)).toBe(5);
    expect(log.idle(5)).toBe(true);
  });
});

describe("outcomes recorded in batches", () => {
  const database = () => openDatabase(tempDatabasePath());

  it("writes a burst of answers in one transaction, not one per row", async () => {
    const db = database();
    db.exec("CREATE TABLE answers (n INTEGER)");
    const transactions = vi.spyOn(db, "transaction");
    const batch = new OutcomeBatch(db);
    const insert = db.prepare("INSERT INTO answers (n) VALUES (?)");
    const results = await Promise.all(Array.from({ length: 100 }, (_, n) => batch.record(() => insert.run(n).changes)));
    expect(results).toEqual(Array(100).fill(1));
    expect(transactions).toHaveBeenCalledTimes(1);
    expect((db.prepare("SELECT count(*) AS n FROM answers").get() as { n: number }).n).toBe(100);
    db.close();
  });

  it("one failing write loses none of the others: they are written one by one", async () => {
    const db = database();
    db.exec("CREATE TABLE answers (n INTEGER NOT NULL)");
    const batch = new OutcomeBatch(db);
    const insert = db.prepare("INSERT INTO answers (n) VALUES (?)");
    const settled = await Promise.allSettled([1, 2, null, 4].map((n) => batch.record(() => insert.run(n).changes)));
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    const written = db.prepare("SELECT n FROM answers ORDER BY n").all() as { n: number }[];
    expect(written.map((w) => w.n)).toEqual([1, 2, 4]);
    db.close();
  });
});
