import { afterEach, describe, expect, it } from "vitest";
import { type SlackBot, startSlackBot } from "./support/slack-app.js";

// The outbound adapter on its own: what the outbox drains into.

let bot: SlackBot;
afterEach(async () => bot?.stop());

const reply = { text: "**Herinnering**: morgen", blocks: [{ kind: "text" as const, text: "**Herinnering**: morgen" }] };

describe("SlackAdapter", () => {
  it("opens the DM for first contact (once), posts there, and returns channel/ts as the message id", async () => {
    bot = await startSlackBot();
    const opened = await bot.slack.openDirect?.({ user: "U42", workspace: "T1" });
    expect(opened).toEqual({ ok: true, conversation: "DU42" });
    expect(bot.fake.callsTo("conversations.open")[0]?.params.users).toBe("U42");
    const sent = await bot.slack.send({ platform: "slack", conversation: "DU42", user: "U42" }, reply);
    const posted = bot.fake.callsTo("chat.postMessage")[0];
    expect(posted?.params).toMatchObject({ channel: "DU42", text: "Herinnering: morgen" });
    expect(sent).toEqual({ ok: true, messageId: `DU42/${String(posted?.result?.ts)}` });

    // Opening again reuses the DM (conversations.open is rate-limited, Tier 3); a send never opens one itself.
    await bot.slack.openDirect?.({ user: "U42", workspace: "T1" });
    await bot.slack.send({ platform: "slack", conversation: "U43", user: "U43" }, reply);
    expect(bot.fake.callsTo("conversations.open")).toHaveLength(1);
  });

  it("updates a sent message with chat.update, and reports failures as outcomes", async () => {
    bot = await startSlackBot();
    const updated = await bot.slack.update?.({ platform: "slack", conversation: "C1" }, "C1/1700000000.000001", reply);
    expect(updated).toEqual({ ok: true, messageId: "C1/1700000000.000001" });
    expect(bot.fake.callsTo("chat.update")[0]?.params).toMatchObject({ channel: "C1", ts: "1700000000.000001" });

    bot.fake.fail("chat.update", { error: "message_not_found" });
    const gone = await bot.slack.update?.({ platform: "slack", conversation: "C1" }, "C1/1.2", reply);
    expect(gone).toMatchObject({ ok: false, reason: "not_found", detail: "message_not_found" });
    expect(await bot.slack.update?.({ platform: "slack", conversation: "C1" }, "garbage", reply)).toMatchObject({
      ok: false,
      reason: "invalid",
    });
  });

  it("maps Slack refusals and outages without retrying inside the client", async () => {
    bot = await startSlackBot();
    const to = { platform: "slack" as const, conversation: "C9" };
    bot.fake.fail("chat.postMessage", { error: "channel_not_found" }, { error: "is_archived" }, { status: 503 });
    expect(await bot.slack.send(to, reply)).toMatchObject({ ok: false, reason: "not_found" });
    expect(await bot.slack.send(to, reply)).toMatchObject({ ok: false, reason: "blocked" });
    expect(await bot.slack.send(to, reply)).toMatchObject({ ok: false, reason: "unavailable", retryable: true });
    bot.fake.fail("chat.postMessage", { status: 429, retryAfter: 12 });
    expect(await bot.slack.send(to, reply)).toEqual({
      ok: false,
      reason: "rate_limited",
      retryAfterMs: 12_000,
      scope: "workspace",
    });
    // One call per send: the client itself never retried.
    expect(bot.fake.callsTo("chat.postMessage")).toHaveLength(4);
  });
});
