import { afterEach, describe, expect, it } from "vitest";
import { MemoryAdapter } from "../adapters/memory/memory-adapter.js";
import { systemClock } from "../src/clock.js";
import { loadCoreConfig } from "../src/config/core-config.js";
import { ensureMember } from "../src/domain/members.js";
import { enqueue } from "../src/domain/outbox.js";
import { createLogger } from "../src/log.js";
import type { CoreContext } from "../src/services/context.js";
import { Dispatcher } from "../src/services/delivery/dispatcher.js";
import { drainOnce } from "../src/services/delivery/drain.js";
import { openDatabase } from "../src/storage/db.js";
import { tempDatabasePath } from "./support/driver.js";

// The dispatcher's pause on the app's own failure, with the memory adapter: it probes by itself, tells organisers
// only where a notice can arrive, and says why in its log.

let ctx: CoreContext | undefined;
let dispatcher: Dispatcher | undefined;
afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = undefined;
  ctx?.db.close();
  ctx = undefined;
});

function context(lines: string[], env: Record<string, string> = {}): CoreContext {
  const config = loadCoreConfig({ DATABASE_PATH: tempDatabasePath(), ...env });
  const log = createLogger("info", { write: (line: string) => void lines.push(line) });
  ctx = { db: openDatabase(config.DATABASE_PATH), config, clock: systemClock, log };
  return ctx;
}

function enqueueFor(c: CoreContext, n: number): void {
  const now = c.clock.now();
  for (let i = 0; i < n; i++) {
    const member = ensureMember(c.db, "memory", `u${i}`, now, `dm${i}`);
    enqueue(
      c.db,
      {
        dedupeKey: `t:${i}`,
        kind: "test",
        to: { platform: "memory", conversation: `dm${i}`, user: `u${i}` },
        memberId: member.id,
        reply: { text: "Persoonlijk bericht voor dokter" },
        notBefore: now,
      },
      now,
    );
  }
}

const count = (c: CoreContext, sql: string) => (c.db.prepare(sql).get() as { n: number }).n;

describe("pausing on the app's own failure", () => {
  it("probes again by itself and resumes when the platform accepts the app; nothing counted against the rows", async () => {
    const lines: string[] = [];
    const c = context(lines, { ORGANISERS: "memory:u0" });
    enqueueFor(c, 3);
    const adapter = new MemoryAdapter("memory");
    // Refused three times (the first send and two probes), then accepted.
    for (let i = 0; i < 3; i++) adapter.script.push({ ok: false, reason: "unauthorized", detail: "token_revoked" });
    dispatcher = new Dispatcher(c, adapter, { maxInFlight: 1, idleMs: 5, probeEveryMs: 5 });
    dispatcher.start();
    await dispatcher.drained();

    expect(adapter.sent).toHaveLength(3);
    expect(dispatcher.stats).toMatchObject({ paused: 3, sent: 3, failed: 0, retried: 0 });
    expect(dispatcher.pause).toBeUndefined();
    expect(count(c, "SELECT coalesce(sum(attempts), 0) AS n FROM outbox")).toBe(3);
    expect(count(c, "SELECT count(*) AS n FROM member_reach WHERE reachable = 0")).toBe(0);
    // The only organiser is on the refused platform: no notice (it could not arrive), but the log says why.
    expect(count(c, "SELECT count(*) AS n FROM outbox WHERE kind = 'delivery.paused'")).toBe(0);
    const logged = lines.map((line) => JSON.parse(line) as { msg: string; reason?: string; notices?: number });
    const paused = logged.filter((entry) => entry.msg.startsWith("the platform refuses the app"));
    expect(paused).toEqual([expect.objectContaining({ reason: "token_revoked", waiting: 3, notices: 0 })]);
    expect(logged.filter((entry) => entry.msg.startsWith("the platform accepts the app again"))).toHaveLength(1);
    expect(lines.join("\n")).not.toContain("Persoonlijk bericht");
  });

  it("drainOnce stops at the refusal and leaves the rows as they were", async () => {
    const c = context([]);
    enqueueFor(c, 3);
    const adapter = new MemoryAdapter("memory");
    adapter.script.push({ ok: false, reason: "unauthorized", detail: "invalid_auth" });
    expect(await drainOnce(c, adapter)).toBe(0);
    expect(count(c, "SELECT count(*) AS n FROM outbox WHERE status = 'pending' AND attempts = 0")).toBe(3);
    expect(await drainOnce(c, adapter)).toBe(3);
    expect(adapter.sent).toHaveLength(3);
  });
});
