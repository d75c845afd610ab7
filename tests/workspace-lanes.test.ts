import { afterEach, describe, expect, it } from "vitest";
import { MemoryAdapter } from "../adapters/memory/memory-adapter.js";
import { systemClock } from "../src/clock.js";
import { loadCoreConfig } from "../src/config/core-config.js";
import type { Address, Delivery, Reply } from "../src/contract.js";
import { ensureMember } from "../src/domain/members.js";
import { enqueue } from "../src/domain/outbox.js";
import { holdWorkspace, releaseWorkspace } from "../src/domain/workspace-holds.js";
import { silentLogger } from "../src/log.js";
import type { CoreContext } from "../src/services/context.js";
import { Dispatcher } from "../src/services/delivery/dispatcher.js";
import { openDatabase } from "../src/storage/db.js";
import { tempDatabasePath } from "./support/driver.js";
import { waitFor } from "./support/wait.js";

// One lane per workspace: a 429, an app-level refusal or an uninstall in one workspace never holds up another.

let ctx: CoreContext | undefined;
let dispatcher: Dispatcher | undefined;
afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = undefined;
  ctx?.db.close();
  ctx = undefined;
});

function context(env: Record<string, string> = {}): CoreContext {
  const config = loadCoreConfig({ DATABASE_PATH: tempDatabasePath(), ...env });
  ctx = { db: openDatabase(config.DATABASE_PATH), config, clock: systemClock, log: silentLogger };
  return ctx;
}

/** Answers per workspace: `answers[workspace]` is shifted for each send there; else the send succeeds. */
class WorkspaceAdapter extends MemoryAdapter {
  readonly answers: Record<string, Delivery[]> = {};
  readonly requests: Address[] = [];

  override async send(to: Address, reply: Reply): Promise<Delivery> {
    this.requests.push(to);
    const scripted = this.answers[to.workspace ?? ""]?.shift();
    if (scripted) return scripted;
    return super.send(to, reply);
  }

  sentIn(workspace: string): number {
    return this.sent.filter((m) => m.to.workspace === workspace).length;
  }
}

/** `n` members of `workspace`, each with one message waiting; returns their user ids. */
function messagesIn(c: CoreContext, workspace: string, n: number, conversation?: (i: number) => string): string[] {
  const now = c.clock.now();
  const users: string[] = [];
  for (let i = 0; i < n; i++) {
    const user = `${workspace}-u${i}`;
    const dm = conversation?.(i) ?? `${workspace}-dm${i}`;
    const member = ensureMember(c.db, "memory", user, now, dm, workspace);
    enqueue(
      c.db,
      {
        dedupeKey: `t:${workspace}:${i}`,
        kind: "test",
        to: { platform: "memory", conversation: dm, user },
        memberId: member.id,
        reply: { text: "Bericht" },
        notBefore: now,
      },
      now,
    );
    users.push(user);
  }
  return users;
}

const rows = (c: CoreContext, workspace: string) =>
  c.db
    .prepare("SELECT status, failure, attempts FROM outbox WHERE workspace = ? AND kind = 'test' ORDER BY id")
    .all(workspace) as { status: string; failure: string | null; attempts: number }[];

describe("one lane per workspace", () => {
  it("a 429 in workspace A pauses only A: B's messages all go out during A's Retry-After", async () => {
    const c = context();
    const adapter = new WorkspaceAdapter();
    adapter.answers.A = [{ ok: false, reason: "rate_limited", retryAfterMs: 60_000 }];
    messagesIn(c, "A", 5);
    messagesIn(c, "B", 5);
    dispatcher = new Dispatcher(c, adapter, { maxInFlight: 2, idleMs: 5 });
    dispatcher.start();
    const laneB = () => dispatcher?.workspaces().find((w) => w.workspace === "B");
    await waitFor(() => laneB()?.sent === 5);
    // At most what was already in flight when the 429 came back; nothing started after it.
    const inA = adapter.requests.filter((to) => to.workspace === "A").length;
    expect(inA).toBeLessThanOrEqual(2);
    expect(adapter.sentIn("A")).toBe(inA - 1);
    const lanes = Object.fromEntries(dispatcher.workspaces().map((w) => [w.workspace, w]));
    expect(lanes.A).toMatchObject({ requests: inA, rateLimited: 1 });
    expect(lanes.B).toMatchObject({ requests: 5, sent: 5 });
  });

  it("an app-level refusal pauses only its workspace, tells the organiser once elsewhere and marks nobody", async () => {
    const c = context({ ORGANISERS: "memory:B-u0" });
    const adapter = new WorkspaceAdapter();
    adapter.answers.A = [1, 2, 3].map(() => ({ ok: false, reason: "unauthorized", detail: "token_revoked" }) as const);
    messagesIn(c, "A", 3);
    messagesIn(c, "B", 3);
    dispatcher = new Dispatcher(c, adapter, { maxInFlight: 1, idleMs: 5, probeEveryMs: 60_000 });
    dispatcher.start();
    await waitFor(() => adapter.sentIn("B") === 4 && dispatcher?.pause !== undefined);
    expect(dispatcher.pause?.reason).toBe("token_revoked");
    expect(dispatcher.workspaces().find((w) => w.workspace === "A")?.pause?.reason).toBe("token_revoked");
    expect(dispatcher.workspaces().find((w) => w.workspace === "B")?.pause).toBeUndefined();
    // The notice went to the organiser's identity in workspace B, naming workspace A.
    const notice = adapter.sent.find((m) => m.reply.title === "Berichten gepauzeerd");
    expect(notice?.to.workspace).toBe("B");
    expect(notice?.reply.text).toContain("werkruimte A");
    expect(rows(c, "A")).toEqual([
      { status: "pending", failure: "unauthorized: token_revoked", attempts: 0 },
      { status: "pending", failure: null, attempts: 0 },
      { status: "pending", failure: null, attempts: 0 },
    ]);
    const unreachable = c.db.prepare("SELECT count(*) AS n FROM identities WHERE reachable = 0").get() as { n: number };
    expect(unreachable.n).toBe(0);
  });

  it("a held workspace (uninstalled) sends nothing and is not waited for; released, its rows go out as they were", async () => {
    const c = context();
    const adapter = new WorkspaceAdapter();
    messagesIn(c, "A", 3);
    messagesIn(c, "B", 2);
    expect(holdWorkspace(c.db, "memory", "A", "app_uninstalled", c.clock.now())).toBe(3);
    dispatcher = new Dispatcher(c, adapter, { maxInFlight: 4, idleMs: 5 });
    dispatcher.start();
    await dispatcher.drained();
    expect(adapter.sentIn("A")).toBe(0);
    expect(adapter.sentIn("B")).toBe(2);
    expect(rows(c, "A").map((r) => r.failure)).toEqual(Array(3).fill("paused: app_uninstalled"));

    expect(releaseWorkspace(c.db, "memory", "A")).toBe(true);
    dispatcher.wake();
    await dispatcher.drained();
    expect(adapter.sentIn("A")).toBe(3);
    expect(rows(c, "A").every((r) => r.status === "sent" && r.failure === null && r.attempts === 1)).toBe(true);
  });

  it("a conversation in its own Retry-After gives way: the row waits in the outbox, the workspace goes on", async () => {
    const c = context();
    const adapter = new WorkspaceAdapter();
    adapter.answers.A = [{ ok: false, reason: "rate_limited", retryAfterMs: 60_000, scope: "conversation" }];
    // Two messages to one busy group chat first, then three members.
    messagesIn(c, "A", 2, () => "A-group");
    const now = c.clock.now();
    for (let i = 0; i < 3; i++) {
      const member = ensureMember(c.db, "memory", `A-v${i}`, now, `A-dmv${i}`, "A");
      enqueue(
        c.db,
        {
          dedupeKey: `t:A:v${i}`,
          kind: "test",
          to: { platform: "memory", conversation: `A-dmv${i}`, user: `A-v${i}` },
          memberId: member.id,
          reply: { text: "Bericht" },
          notBefore: now,
        },
        now,
      );
    }
    dispatcher = new Dispatcher(c, adapter, { maxInFlight: 1, idleMs: 5 });
    dispatcher.start();
    await waitFor(() => adapter.sentIn("A") === 3);
    expect(adapter.requests.filter((to) => to.conversation === "A-group")).toHaveLength(1);
    const group = c.db
      .prepare("SELECT status, failure, not_before FROM outbox WHERE conversation = 'A-group' ORDER BY id")
      .all() as { status: string; failure: string; not_before: number }[];
    expect(group.map((g) => [g.status, g.failure])).toEqual([
      ["pending", "rate_limited"],
      ["pending", "paced"],
    ]);
    expect(group.every((g) => g.not_before >= now + 59_000)).toBe(true);
  });
});
