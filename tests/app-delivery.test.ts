import { describe, expect, it } from "vitest";
import { startApp } from "../adapters/app.js";
import { MemoryAdapter } from "../adapters/memory/memory-adapter.js";
import { ManualClock } from "../src/clock.js";
import { enqueue } from "../src/domain/outbox.js";
import { validatePoll } from "../src/domain/poll-input.js";
import { createPoll, type Poll, roundsOf } from "../src/domain/polls.js";
import { silentLogger } from "../src/log.js";
import { openDatabase } from "../src/storage/db.js";
import { testConfig } from "./support/app-config.js";
import { tempDatabasePath } from "./support/driver.js";

/** A once-poll that opened a minute ago, stored before the app starts. */
function pollDueBeforeStart(path: string, zone: string): Poll {
  const db = openDatabase(path);
  const draft = validatePoll({ question: "Komt u?", options: "Ja\nNee", open_hours: "1" }, zone, Date.now() - 60_000);
  if (!draft.ok) throw new Error(JSON.stringify(draft.errors));
  const poll = createPoll(db, draft.value, "test", Date.now());
  db.close();
  return poll;
}

describe("the app", () => {
  it("starts the scheduler and a paced dispatcher per mounted adapter, and stops them", async () => {
    const config = testConfig({ DATABASE_PATH: tempDatabasePath() });
    const poll = pollDueBeforeStart(config.core.DATABASE_PATH, config.core.BOT_TIMEZONE);
    const app = await startApp({ config, log: silentLogger, drainEveryMs: 20 });
    try {
      // The scheduler ran its first tick at start: the poll that was due has its round open.
      expect(roundsOf(app.db, poll.id).map((r) => r.status)).toEqual(["open"]);
      const adapter = new MemoryAdapter("memory");
      app.adapters.push(adapter);
      enqueue(
        app.db,
        {
          dedupeKey: "hello",
          kind: "test",
          to: { platform: "memory", conversation: "dm-1" },
          reply: { text: "Hallo" },
          notBefore: Date.now(),
        },
        Date.now(),
      );
      const until = Date.now() + 5_000;
      while (adapter.sent.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      expect(adapter.to("dm-1")).toEqual([{ text: "Hallo" }]);
    } finally {
      await app.stop();
    }
  });
});

describe("the app with a manual clock (as tests of other features run it)", () => {
  it("still paces in real time and delivers everything that is due", async () => {
    const clock = new ManualClock(Date.UTC(2027, 5, 1, 8));
    const config = testConfig({ DATABASE_PATH: tempDatabasePath() });
    const app = await startApp({ config, log: silentLogger, clock, drainEveryMs: 20, scheduler: false });
    try {
      const adapter = new MemoryAdapter("memory");
      app.adapters.push(adapter);
      for (let i = 0; i < 30; i++) {
        enqueue(
          app.db,
          {
            dedupeKey: `m${i}`,
            kind: "test",
            to: { platform: "memory", conversation: "one-channel" },
            reply: { text: `${i}` },
            notBefore: clock.now(),
          },
          clock.now(),
        );
      }
      const until = Date.now() + 5_000;
      while (adapter.sent.length < 30 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      expect(adapter.sent).toHaveLength(30);
    } finally {
      await app.stop();
    }
  });
});
