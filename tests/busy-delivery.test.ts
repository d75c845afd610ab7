import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { startApp } from "../adapters/app.js";
import { MemoryAdapter } from "../adapters/memory/memory-adapter.js";
import { ManualClock } from "../src/clock.js";
import type { Address, Delivery, Reply } from "../src/contract.js";
import { enqueue } from "../src/domain/outbox.js";
import { silentLogger } from "../src/log.js";
import { testConfig } from "./support/app-config.js";
import { tempDatabasePath } from "./support/driver.js";

/** Another process takes the write lock right after the platform accepted the message, before it is recorded. */
class LockingAdapter extends MemoryAdapter {
  other: Database.Database | undefined;
  constructor(private readonly path: string) {
    super("memory");
  }
  override async send(to: Address, reply: Reply): Promise<Delivery> {
    const delivery = await super.send(to, reply);
    this.other = new Database(this.path);
    this.other.exec("BEGIN IMMEDIATE");
    return delivery;
  }
}

const until = async (done: () => boolean) => {
  const deadline = Date.now() + 30_000;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
};

describe("a delivery sent while another process holds the write lock", () => {
  it("is recorded as sent once the lock is released: not left 'sending' (to be sent again at the next start)", async () => {
    const clock = new ManualClock(Date.UTC(2027, 5, 1, 8));
    const config = testConfig({ DATABASE_PATH: tempDatabasePath() });
    const app = await startApp({ config, log: silentLogger, clock, drainEveryMs: 20, scheduler: false });
    const adapter = new LockingAdapter(config.core.DATABASE_PATH);
    const status = () => (app.db.prepare("SELECT status FROM outbox").get() as { status: string }).status;
    try {
      enqueue(
        app.db,
        {
          dedupeKey: "once",
          kind: "test",
          to: { platform: "memory", conversation: "dm-1" },
          reply: { text: "Hallo" },
          notBefore: clock.now(),
        },
        clock.now(),
      );
      app.adapters.push(adapter);
      await until(() => adapter.other?.inTransaction === true);
      expect(adapter.sent).toHaveLength(1);
      expect(status()).toBe("sending");
      adapter.other?.exec("COMMIT");
      await until(() => status() === "sent");
      expect(status()).toBe("sent");
      expect(adapter.sent).toHaveLength(1);
    } finally {
      adapter.other?.close();
      await app.stop();
    }
  }, 90_000);
});
