import { afterEach, describe, expect, it } from "vitest";
import { upsertDirectoryEntry } from "../src/domain/directory.js";
import { findIdentity } from "../src/domain/identities.js";
import { getMemberById } from "../src/domain/members.js";
import { enqueue } from "../src/domain/outbox.js";
import { queueBroadcast } from "../src/services/broadcast-queue.js";
import { createDraft } from "../src/services/broadcasts.js";
import { memberAddress } from "../src/services/member-reach.js";
import { type SlackBot, startSlackBot } from "./support/slack-app.js";

// First contact through the real Slack adapter and the real outbox, against the fake Web API: a member found in
// users.list who never wrote gets a DM after the outbox opened it with conversations.open.

let bot: SlackBot;
afterEach(async () => bot?.stop());

/** A member of the workspace's directory, with a message queued to them as every service queues one. */
function queueToDirectoryMember(userId: string, key: string): void {
  const { db, clock } = bot.app.core.ctx;
  const now = clock.now();
  const memberId = upsertDirectoryEntry(db, { platform: "slack", workspace: "T1", userId, guest: false }, now);
  const member = getMemberById(db, memberId);
  if (!member) throw new Error("no such member");
  enqueue(
    db,
    {
      dedupeKey: key,
      kind: "broadcast",
      to: memberAddress(member),
      memberId,
      reply: { text: "Hallo" },
      notBefore: now,
    },
    now,
  );
}

const attemptsOf = (key: string) => bot.count("SELECT attempts AS n FROM outbox WHERE dedupe_key = ?", key);

describe("Slack first contact", () => {
  it("a broadcast reaches a directory member who never wrote: conversations.open once, then the DM", async () => {
    bot = await startSlackBot();
    const ctx = bot.app.core.ctx;
    upsertDirectoryEntry(ctx.db, { platform: "slack", workspace: "T1", userId: "U900", guest: false }, ctx.clock.now());
    const draft = { createdBy: "cli", text: "Nascholing", audience: { kind: "everyone" as const }, urgent: true };
    expect(queueBroadcast(ctx, createDraft(ctx, { ...draft, locale: "nl" }), "cli")).toBe(1);
    await bot.drain();

    expect(bot.fake.callsTo("conversations.open").map((c) => c.params.users)).toEqual(["U900"]);
    expect(bot.fake.callsTo("chat.postMessage").map((c) => c.params.channel)).toEqual(["DU900"]);
    expect(findIdentity(bot.app.core.ctx.db, "slack", "U900")?.dmConversation).toBe("DU900");
    expect(bot.count("SELECT count(*) AS n FROM outbox WHERE status = 'sent' AND conversation = 'DU900'")).toBe(1);

    // The next message goes straight to the stored DM.
    queueToDirectoryMember("U900", "second");
    await bot.drain();
    expect(bot.fake.callsTo("conversations.open")).toHaveLength(1);
    expect(bot.fake.callsTo("chat.postMessage").map((c) => c.params.channel)).toEqual(["DU900", "DU900"]);
  });

  it("a 429 from conversations.open waits for Retry-After without an attempt counted, then opens and sends", async () => {
    bot = await startSlackBot();
    bot.fake.fail("conversations.open", { status: 429, retryAfter: 20 });
    queueToDirectoryMember("U901", "later");
    await bot.drain();
    expect(bot.fake.callsTo("conversations.open")).toHaveLength(1);
    expect(bot.fake.callsTo("chat.postMessage")).toHaveLength(0);
    expect(attemptsOf("later")).toBe(0);

    bot.clock.advance(19_000);
    await bot.drain();
    expect(bot.fake.callsTo("conversations.open")).toHaveLength(1);

    bot.clock.advance(1_000);
    await bot.drain();
    expect(bot.fake.callsTo("conversations.open")).toHaveLength(2);
    expect(bot.fake.callsTo("chat.postMessage").map((c) => c.params.channel)).toEqual(["DU901"]);
  });

  it("cannot_dm_bot and user_not_found fail the message and leave the member unreachable there", async () => {
    bot = await startSlackBot();
    bot.fake.fail("conversations.open", { error: "cannot_dm_bot" }, { error: "user_not_found" });
    queueToDirectoryMember("U902", "blocked");
    await bot.drain();
    queueToDirectoryMember("U903", "gone");
    await bot.drain();

    expect(bot.fake.callsTo("conversations.open")).toHaveLength(2);
    expect(bot.fake.callsTo("chat.postMessage")).toHaveLength(0);
    expect(bot.count("SELECT count(*) AS n FROM outbox WHERE status = 'failed'")).toBe(2);
    const db = bot.app.core.ctx.db;
    expect(findIdentity(db, "slack", "U902")?.reachable).toBe(false);
    expect(findIdentity(db, "slack", "U903")?.reachable).toBe(false);
  });
});
