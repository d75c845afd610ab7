import { describe, expect, it } from "vitest";
import { loadReference, saveReference } from "../../adapters/teams/conversation-refs.js";
import { openDatabase } from "../../src/storage/db.js";
import { tempDatabasePath } from "../support/driver.js";

const ref = (conversation: string, serviceUrl: string) => ({
  conversation: { id: conversation, name: "", conversationType: "personal", isGroup: false },
  serviceUrl,
});

describe("stored conversation references", () => {
  it("finds the conversation itself first, else the user's latest, else nothing", () => {
    const db = openDatabase(tempDatabasePath());
    saveReference(db, ref("a:dm-1", "https://one.test/"), "29:u1", 1_000);
    saveReference(db, ref("19:channel", "https://channel.test/"), "29:u1", 2_000);
    saveReference(db, ref("a:dm-2", "https://two.test/"), "29:u2", 1_500);

    // The exact conversation wins over the user's later reference.
    expect(loadReference(db, "a:dm-1", "29:u1")?.serviceUrl).toBe("https://one.test/");
    // An address holding a user id, or a conversation not stored: the user's latest reference.
    expect(loadReference(db, "29:u1")?.serviceUrl).toBe("https://channel.test/");
    expect(loadReference(db, "a:gone", "29:u2")?.serviceUrl).toBe("https://two.test/");
    expect(loadReference(db, "a:gone", "29:nobody")).toBeUndefined();
    db.close();
  });

  it("looks a conversation up by its key, not by scanning every reference", () => {
    const db = openDatabase(tempDatabasePath());
    const plans: string[] = [];
    const prepare = db.prepare.bind(db);
    // Every statement loadReference prepares, with its query plan.
    db.prepare = ((sql: string) => {
      const params = Array.from(sql.matchAll(/\?/g), () => null);
      const plan = prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
      plans.push(...plan.map((r) => r.detail));
      return prepare(sql);
    }) as typeof db.prepare;
    saveReference(db, ref("a:dm-1", "https://one.test/"), "29:u1", 1_000);
    plans.length = 0;
    expect(loadReference(db, "a:dm-1", "29:u1")?.serviceUrl).toBe("https://one.test/");
    expect(plans.length).toBeGreaterThan(0);
    // A search on the whole key, not on the platform alone (which reads every Teams reference) and no sort.
    expect(plans).toEqual([expect.stringMatching(/^SEARCH conversation_refs .*\(platform=\? AND conversation=\?\)$/)]);
    db.close();
  });

  it("an authenticated activity updates a stored reference; an unauthenticated one only adds a missing one", () => {
    const db = openDatabase(tempDatabasePath());
    saveReference(db, ref("a:dm-1", "http://127.0.0.1:1/"), "29:u1", 1_000, { overwrite: false });
    saveReference(db, ref("a:dm-1", "http://127.0.0.1:2/"), "29:u1", 2_000, { overwrite: false });
    expect(loadReference(db, "a:dm-1")?.serviceUrl).toBe("http://127.0.0.1:1/");
    saveReference(db, ref("a:dm-1", "https://three.test/"), "29:u1", 3_000);
    expect(loadReference(db, "a:dm-1")?.serviceUrl).toBe("https://three.test/");
    db.close();
  });

  it("a save that changes nothing writes nothing (no write lock per message); an hour on, updated_at is refreshed", () => {
    const db = openDatabase(tempDatabasePath());
    saveReference(db, ref("a:dm-1", "https://one.test/"), "29:u1", 1_000);
    const changes = () => (db.prepare("SELECT total_changes() AS n").get() as { n: number }).n;
    const before = changes();
    saveReference(db, ref("a:dm-1", "https://one.test/"), "29:u1", 60_000);
    saveReference(db, ref("a:dm-1", "https://one.test/"), undefined, 120_000);
    expect(changes()).toBe(before);
    // Another service URL, another member or an hour later: written.
    saveReference(db, ref("a:dm-1", "https://two.test/"), "29:u1", 180_000);
    expect(changes()).toBe(before + 1);
    saveReference(db, ref("a:dm-1", "https://two.test/"), "29:u2", 190_000);
    expect(changes()).toBe(before + 2);
    saveReference(db, ref("a:dm-1", "https://two.test/"), "29:u2", 190_000 + 3_600_000);
    expect(changes()).toBe(before + 3);
    const row = db.prepare("SELECT user_id, updated_at FROM conversation_refs").get();
    expect(row).toEqual({ user_id: "29:u2", updated_at: 190_000 + 3_600_000 });
    db.close();
  });
});
