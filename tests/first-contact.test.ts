import { afterEach, describe, expect, it } from "vitest";
import { MemoryAdapter } from "../adapters/memory/memory-adapter.js";
import { type Clock, ManualClock, systemClock } from "../src/clock.js";
import { loadCoreConfig } from "../src/config/core-config.js";
import { upsertDirectoryEntry } from "../src/domain/directory.js";
import { findIdentity } from "../src/domain/identities.js";
import { ensureMember, getMemberById } from "../src/domain/members.js";
import { enqueue } from "../src/domain/outbox.js";
import { silentLogger } from "../src/log.js";
import { queueBroadcast } from "../src/services/broadcast-queue.js";
import { createDraft } from "../src/services/broadcasts.js";
import type { CoreContext } from "../src/services/context.js";
import { Dispatcher } from "../src/services/delivery/dispatcher.js";
import { memberAddress } from "../src/services/member-reach.js";
import { openDatabase } from "../src/storage/db.js";
import { june2027, tempDatabasePath } from "./support/driver.js";
import { waitFor } from "./support/wait.js";

// First contact through the real Dispatcher: a member known only from the directory has no 1:1 conversation; the
// outbox opens it (paced, like a send), keeps it, and sends there.

let ctx: CoreContext | undefined;
let dispatcher: Dispatcher | undefined;
afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = undefined;
  ctx?.db.close();
  ctx = undefined;
});

function context(clock: Clock = systemClock): CoreContext {
  const config = loadCoreConfig({ DATABASE_PATH: tempDatabasePath() });
  ctx = { db: openDatabase(config.DATABASE_PATH), config, clock, log: silentLogger };
  return ctx;
}

function start(c: CoreContext, adapter: MemoryAdapter, pacingClock: Clock = systemClock): Dispatcher {
  dispatcher = new Dispatcher(c, adapter, { idleMs: 5, pacingClock });
  dispatcher.start();
  return dispatcher;
}

/** A member the directory lists who never wrote. */
function directoryMember(c: CoreContext, userId: string): number {
  return upsertDirectoryEntry(c.db, { platform: "memory", workspace: "W1", userId, guest: false }, c.clock.now());
}

/** A message to a member, addressed as every service addresses one. */
function message(c: CoreContext, memberId: number, key: string): void {
  const member = getMemberById(c.db, memberId);
  if (!member) throw new Error("no such member");
  const now = c.clock.now();
  enqueue(
    c.db,
    { dedupeKey: key, kind: "broadcast", to: memberAddress(member), memberId, reply: { text: key }, notBefore: now },
    now,
  );
}

function row(c: CoreContext, key: string) {
  return c.db.prepare("SELECT status, conversation, attempts, failure FROM outbox WHERE dedupe_key = ?").get(key) as {
    status: string;
    conversation: string;
    attempts: number;
    failure: string | null;
  };
}

describe("first contact", () => {
  it("a broadcast to everyone opens a directory member's conversation once, stores it, and sends there", async () => {
    const c = context();
    const adapter = new MemoryAdapter();
    adapter.openScript.push({ ok: true, conversation: "D-U1" });
    const memberId = directoryMember(c, "U1");
    const draft = { createdBy: "cli", text: "Nascholing", audience: { kind: "everyone" as const }, urgent: true };
    const broadcast = createDraft(c, { ...draft, locale: "nl" });
    expect(queueBroadcast(c, broadcast, "cli")).toBe(1);
    // A second message queued before the conversation exists shares the one open.
    message(c, memberId, "two");
    const d = start(c, adapter);
    await d.drained();

    expect(adapter.opened).toEqual([{ user: "U1", workspace: "W1" }]);
    expect(adapter.sent.map((m) => m.to.conversation)).toEqual(["D-U1", "D-U1"]);
    expect(findIdentity(c.db, "memory", "U1")?.dmConversation).toBe("D-U1");
    expect(row(c, `broadcast:${broadcast}:${memberId}`)).toMatchObject({ status: "sent", conversation: "D-U1" });
    expect(d.stats).toMatchObject({ opened: 1, requests: 2, sent: 2 });

    // Later messages go straight to the stored conversation.
    message(c, memberId, "three");
    d.wake();
    await d.drained();
    expect(adapter.opened).toHaveLength(1);
    expect(adapter.sent.map((m) => m.to.conversation)).toEqual(["D-U1", "D-U1", "D-U1"]);
    expect(d.stats.opened).toBe(1);
  });

  it("opens nothing for a member who wrote, nor for a message to a channel that names a member", async () => {
    const c = context();
    const adapter = new MemoryAdapter();
    const member = ensureMember(c.db, "memory", "U2", c.clock.now(), "D-U2");
    message(c, member.id, "known");
    const memberId = directoryMember(c, "U8");
    const now = c.clock.now();
    const to = { platform: "memory", conversation: "C-general", user: "U8" };
    enqueue(c.db, { dedupeKey: "channel", kind: "reply", to, memberId, reply: { text: "Hi" }, notBefore: now }, now);
    const d = start(c, adapter);
    await d.drained();
    expect(adapter.opened).toHaveLength(0);
    expect(adapter.sent.map((m) => m.to.conversation).sort()).toEqual(["C-general", "D-U2"]);
  });

  it("a 429 on the open pauses its workspace for Retry-After, without an attempt counted; others go on", async () => {
    const clock = new ManualClock(june2027);
    const c = context(clock);
    const adapter = new MemoryAdapter();
    adapter.openScript.push({ ok: false, reason: "rate_limited", retryAfterMs: 30_000 });
    const newcomer = directoryMember(c, "U3");
    message(c, newcomer, "first");
    const d = start(c, adapter, clock);
    await waitFor(() => row(c, "first").status === "pending" && d.stats.rateLimited === 1);
    expect(adapter.opened).toHaveLength(1);

    // During the pause nothing leaves the workspace, not even to a member whose conversation is known; another
    // workspace's member gets their message at once.
    const regular = ensureMember(c.db, "memory", "U4", clock.now(), "D-U4", "W1");
    message(c, regular.id, "other");
    const elsewhere = ensureMember(c.db, "memory", "U5", clock.now(), "D-U5", "W2");
    message(c, elsewhere.id, "elsewhere");
    d.wake();
    await waitFor(() => adapter.sent.length === 1);
    expect(adapter.sent[0]?.to.conversation).toBe("D-U5");
    clock.advance(29_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(adapter.opened).toHaveLength(1);
    expect(adapter.sent).toHaveLength(1);

    clock.advance(1_000);
    await waitFor(() => adapter.sent.length === 3 && d.stats.sent === 3);
    expect(adapter.opened).toHaveLength(2);
    expect(row(c, "first")).toMatchObject({ status: "sent", conversation: "U3", attempts: 1 });
    expect(d.stats).toMatchObject({ opened: 2, rateLimited: 1, sent: 3 });
  });

  it("a member who cannot be opened to fails, unreachable on that identity, and gets no send", async () => {
    const c = context();
    const adapter = new MemoryAdapter();
    adapter.openScript.push(
      { ok: false, reason: "blocked", retryable: false, detail: "cannot_dm_bot" },
      { ok: false, reason: "not_found", retryable: false, detail: "user_not_found" },
    );
    message(c, directoryMember(c, "U5"), "blocked");
    const d = start(c, adapter);
    await d.drained();
    message(c, directoryMember(c, "U6"), "gone");
    d.wake();
    await d.drained();

    expect(adapter.sent).toHaveLength(0);
    expect(row(c, "blocked")).toMatchObject({ status: "failed", failure: "blocked: cannot_dm_bot", attempts: 1 });
    expect(row(c, "gone")).toMatchObject({ status: "failed", failure: "not_found: user_not_found" });
    expect(findIdentity(c.db, "memory", "U5")).toMatchObject({ reachable: false, dmConversation: null });
    expect(findIdentity(c.db, "memory", "U6")?.reachable).toBe(false);
    expect(d.stats).toMatchObject({ opened: 2, requests: 0, failed: 2 });
  });

  it("an open refused for the app itself pauses the platform's sends; the message waits as it was", async () => {
    const c = context();
    const adapter = new MemoryAdapter();
    adapter.openScript.push({ ok: false, reason: "unauthorized", detail: "token_revoked" });
    message(c, directoryMember(c, "U7"), "waits");
    const d = start(c, adapter);
    await waitFor(() => d.pause !== undefined);
    expect(d.pause?.reason).toBe("token_revoked");
    expect(row(c, "waits")).toMatchObject({ status: "pending", attempts: 0 });
    expect(findIdentity(c.db, "memory", "U7")?.reachable).toBe(true);
    expect(adapter.sent).toHaveLength(0);
  });
});
