import { describe, expect, it } from "vitest";
import { startApp } from "../adapters/app.js";
import { MemoryAdapter } from "../adapters/memory/memory-adapter.js";
import { ManualClock } from "../src/clock.js";
import { enqueue } from "../src/domain/outbox.js";
import { silentLogger } from "../src/log.js";
import { testConfig } from "./support/app-config.js";
import { tempDatabasePath } from "./support/driver.js";

describe("the app", () => {
  it("starts the scheduler and a paced dispatcher per mounted adapter, and stops them", async () => {
    const config = testConfig({ DATABASE_PATH: tempDatabasePath() });
    const app = await startApp({ config, log: silentLogger, drainEveryMs: 20 });
    try {
      // The scheduler ran its first tick at start and recorded where it got to.
      expect(app.db.prepare("SELECT count(*) AS n FROM scheduler_state").get()).toEqual({ n: 1 });
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
