import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryAdapter } from "../adapters/memory/memory-adapter.js";
import { systemClock } from "../src/clock.js";
import { loadCoreConfig } from "../src/config/core-config.js";
import { ensureMember, findMember } from "../src/domain/members.js";
import { enqueue } from "../src/domain/outbox.js";
import { silentLogger } from "../src/log.js";
import type { CoreContext } from "../src/services/context.js";
import { Dispatcher } from "../src/services/delivery/dispatcher.js";
import { drainOnce } from "../src/services/delivery/drain.js";
import { backoffMs } from "../src/services/delivery/outcome.js";
import { openDatabase } from "../src/storage/db.js";
import { tempDatabasePath } from "./support/driver.js";
import { FakePlatform } from "./support/fake-platform.js";
import { HttpTestAdapter } from "./support/http-test-adapter.js";

let fake: FakePlatform | undefined;
let ctx: CoreContext | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  ctx?.db.close();
  ctx = undefined;
});

function context(env: Record<string, string> = {}): CoreContext {
  const config = loadCoreConfig({ DATABASE_PATH: tempDatabasePath(), ...env });
  ctx = { db: openDatabase(config.DATABASE_PATH), config, clock: systemClock, log: silentLogger };
  return ctx;
}

/** One message per conversation c0…c(n-1), each for a member of the same id. */
function enqueueMany(c: CoreContext, n: number, platform: "teams" | "memory" = "teams", prefix = "c"): void {
  const now = c.clock.now();
  for (let i = 0; i < n; i++) {
    const member = ensureMember(c.db, platform, `${prefix}${i}`, now, `${prefix}${i}`);
    enqueue(
      c.db,
      {
        dedupeKey: `test:${prefix}${i}`,
        kind: "test",
        to: { platform, conversation: `${prefix}${i}` },
        memberId: member.id,
        reply: { text: "Hallo" },
        notBefore: now,
      },
      now,
    );
  }
}

function statusCounts(c: CoreContext): Record<string, number> {
  const rows = c.db.prepare("SELECT status, count(*) AS n FROM outbox GROUP BY status").all() as {
    status: string;
    n: number;
  }[];
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

describe("the outbox", () => {
  it("enqueues the same thing for the same member once, however often asked", async () => {
    const c = context();
    const entry = {
      dedupeKey: "reminder:S1:7",
      kind: "reminder",
      to: { platform: "memory" as const, conversation: "dm-7" },
      reply: { text: "Morgen" },
      notBefore: 0,
    };
    expect(enqueue(c.db, entry, 1)).toBe(true);
    expect(enqueue(c.db, entry, 2)).toBe(false);
    const adapter = new MemoryAdapter();
    await drainOnce(c, adapter);
    await drainOnce(c, adapter);
    expect(adapter.sent).toHaveLength(1);
  });

  it("backs off exponentially with jitter, up to the cap", () => {
    const policy = { maxAttempts: 8, baseMs: 1000, maxMs: 10_000 };
    expect(backoffMs(0, policy, () => 0)).toBe(500);
    expect(backoffMs(0, policy, () => 1)).toBe(1000);
    expect(backoffMs(2, policy, () => 1)).toBe(4000);
    expect(backoffMs(9, policy, () => 1)).toBe(10_000);
    expect(backoffMs(9, policy, () => 0)).toBe(5000);
  });
});

describe("the dispatcher against a platform that enforces its limits", () => {
  it("sent faster than allowed: pauses for Retry-After on 429 and still delivers each message exactly once", async () => {
    const c = context();
    fake = new FakePlatform({ ratePerSecond: 20, conversationRatePerSecond: 5 });
    const dispatcher = new Dispatcher(c, new HttpTestAdapter(await fake.listen()), {
      rates: { ratePerSecond: 200, conversationRatePerSecond: 200 },
      maxInFlight: 16,
      idleMs: 20,
    });
    enqueueMany(c, 40);
    dispatcher.start();
    await dispatcher.drained();
    await dispatcher.stop();
    expect(fake.tooMany).toBeGreaterThan(0);
    expect(dispatcher.stats.rateLimited).toBe(fake.tooMany);
    expect(fake.received.size).toBe(40);
    expect([...fake.received.values()].every((n) => n === 1)).toBe(true);
    expect(statusCounts(c)).toEqual({ sent: 40 });
  });

  it("paced to the limits (platform-wide and per conversation) it gets (almost) no 429s", async () => {
    const c = context();
    fake = new FakePlatform({ ratePerSecond: 20, conversationRatePerSecond: 2 });
    const dispatcher = new Dispatcher(c, new HttpTestAdapter(await fake.listen()), {
      rates: { ratePerSecond: 20, conversationRatePerSecond: 2 },
      maxInFlight: 8,
      idleMs: 20,
    });
    enqueueMany(c, 30);
    // Five messages into one channel: at most two a second there.
    const now = c.clock.now();
    for (let i = 0; i < 5; i++) {
      enqueue(
        c.db,
        {
          dedupeKey: `channel:${i}`,
          kind: "test",
          to: { platform: "teams", conversation: "channel" },
          reply: { text: `${i}` },
          notBefore: now,
        },
        now,
      );
    }
    dispatcher.start();
    await dispatcher.drained();
    await dispatcher.stop();
    expect(fake.delivered).toBe(35);
    expect(fake.received.get("channel")).toBe(5);
    expect(fake.tooMany).toBeLessThanOrEqual(1);
    expect(dispatcher.stats.peakInFlight).toBeLessThanOrEqual(8);
  });

  it("retries a transient failure with backoff, records permanent ones with their reason, marks blocked members", async () => {
    const c = context({ DELIVERY_RETRY_BASE_MS: "10", DELIVERY_MAX_ATTEMPTS: "4" });
    fake = new FakePlatform({
      ratePerSecond: 100,
      conversationRatePerSecond: 100,
      flaky: { c0: 2, c3: 10 },
      blocked: ["c1"],
      invalid: ["c2"],
    });
    const dispatcher = new Dispatcher(c, new HttpTestAdapter(await fake.listen()), { idleMs: 10 });
    enqueueMany(c, 5);
    dispatcher.start();
    await dispatcher.drained();
    await dispatcher.stop();
    const rows = c.db.prepare("SELECT conversation, status, attempts, failure FROM outbox ORDER BY conversation").all();
    expect(rows).toEqual([
      { conversation: "c0", status: "sent", attempts: 3, failure: null },
      { conversation: "c1", status: "failed", attempts: 1, failure: "blocked: bot blocked" },
      { conversation: "c2", status: "failed", attempts: 1, failure: "invalid: invalid blocks" },
      { conversation: "c3", status: "failed", attempts: 4, failure: "unavailable: service unavailable" },
      { conversation: "c4", status: "sent", attempts: 1, failure: null },
    ]);
    expect(findMember(c.db, "teams", "c1")?.reachable).toBe(false);
    expect(findMember(c.db, "teams", "c0")?.reachable).toBe(true);
  });
});

describe("kill -9 in the middle of a broadcast", () => {
  it("after a restart everyone has the message, duplicates at most the in-flight bound", async () => {
    const databasePath = tempDatabasePath();
    const config = loadCoreConfig({ DATABASE_PATH: databasePath });
    const db = openDatabase(databasePath);
    const c: CoreContext = { db, config, clock: systemClock, log: silentLogger };
    ctx = c;
    const recipients = 150;
    const inFlight = 6;
    enqueueMany(c, recipients);
    fake = new FakePlatform({ ratePerSecond: 60, conversationRatePerSecond: 7 });
    const url = await fake.listen();
    const env = {
      ...process.env,
      DATABASE_PATH: databasePath,
      FAKE_URL: url,
      DELIVERY_MAX_IN_FLIGHT: String(inFlight),
      TEAMS_RATE_PER_SECOND: "60",
      LOG_LEVEL: "silent",
    };
    const run = () => {
      const child = spawn(process.execPath, ["--import", "tsx", "tests/support/broadcast-child.ts"], {
        env,
        stdio: ["ignore", "pipe", "inherit"],
      });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      return { child, exited };
    };

    const first = run();
    const platform = fake;
    await waitFor(() => platform.delivered >= 40);
    first.child.kill("SIGKILL");
    await first.exited;
    const beforeRestart = platform.delivered;
    expect(beforeRestart).toBeLessThan(recipients);
    expect(statusCounts(c).sending ?? 0).toBeLessThanOrEqual(inFlight); // only claimed rows can be repeated

    const second = run();
    expect(await second.exited).toBe(0);
    expect(platform.received.size).toBe(recipients);
    const duplicates = [...platform.received.values()].reduce((sum, n) => sum + (n - 1), 0);
    expect(duplicates).toBeLessThanOrEqual(inFlight);
    expect(statusCounts(c)).toEqual({ sent: recipients });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("stopping the dispatcher", () => {
  it("during a long Retry-After pause returns quickly and leaves the unsent messages pending", async () => {
    const c = context();
    fake = new FakePlatform({ ratePerSecond: 2, conversationRatePerSecond: 2, retryAfterSeconds: 60 });
    const dispatcher = new Dispatcher(c, new HttpTestAdapter(await fake.listen()), {
      rates: { ratePerSecond: 100, conversationRatePerSecond: 100 },
      maxInFlight: 4,
      idleMs: 20,
    });
    enqueueMany(c, 10);
    dispatcher.start();
    const platform = fake;
    await waitFor(() => platform.tooMany > 0);
    await dispatcher.stop();
    const counts = statusCounts(c);
    expect(counts.sending).toBeUndefined();
    expect(counts.sent).toBe(platform.delivered);
    expect((counts.pending ?? 0) + (counts.sent ?? 0)).toBe(10);
  });
});
