import { afterEach, describe, expect, it } from "vitest";
import { ensureMember, setProfile } from "../src/domain/members.js";
import { sessionsCsv } from "./support/driver.js";
import type { RecordedCall } from "./support/fake-slack.js";
import { type SlackBot, startSlackBot } from "./support/slack-app.js";
import { blockAction, dmMessage, post, selectValue, textValue, viewSubmission } from "./support/slack-requests.js";

// What happens after a click, through signed requests, the real Bolt, the real core and the fake Web API:
// privacy of answers in shared channels, replies surviving an outage, and modals opening while the API hangs.

let bot: SlackBot;
afterEach(async () => bot?.stop());

const announcement = { channel: "C0GENERAL", ts: "1700000000.000777" };
const ok = (calls: RecordedCall[]) => calls.filter((c) => c.result);
const confirmations = (b: SlackBot, channel: string) =>
  ok(b.fake.callsTo("chat.postMessage")).filter(
    (c) => c.params.channel === channel && String(c.params.text).includes("U bent aangemeld"),
  );

/** The work queued after acks is done. */
const idle = (b: SlackBot) => (b.slack as { idle?: () => Promise<void> }).idle?.();

/** A member who gave a roster name before, so a click signs up at once (no modal). */
function withProfile(b: SlackBot, user: string): void {
  const ctx = b.app.core.ctx;
  const member = ensureMember(ctx.db, "slack", user, ctx.clock.now());
  setProfile(ctx.db, member.id, `Dokter ${user}`, "huisarts");
}

async function submitProfile(b: SlackBot, user: string, view: RecordedCall): Promise<Response> {
  const { private_metadata } = view.params.view as { private_metadata: string };
  const values = { ...textValue("roster_name", `Dokter ${user}`), ...selectValue("role", "huisarts") };
  return post(b.url, viewSubmission(user, { id: `V${user}`, private_metadata }, values));
}

describe("Slack: a click on a channel announcement", () => {
  it("answers the member privately and never replaces the shared message", async () => {
    bot = await startSlackBot({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 5 }]) });
    const { fake } = bot;
    withProfile(bot, "U1");
    const click = await post(
      bot.url,
      blockAction({ user: "U1", actionId: "signup.join", value: "S1", ...announcement }),
    );
    expect(click.status).toBe(200);
    await fake.waitFor(() => fake.callsTo("files.completeUploadExternal").length === 1);

    // Only the member sees the answer in the channel; the confirmation with the invite is in their DM.
    const ephemeral = fake.callsTo("chat.postEphemeral");
    expect(ephemeral).toHaveLength(1);
    expect(ephemeral[0]?.params).toMatchObject({ channel: "C0GENERAL", user: "U1" });
    expect(String(ephemeral[0]?.params.text)).toContain("U bent aangemeld");
    expect(confirmations(bot, "DU1")).toHaveLength(1);
    expect(fake.callsTo("files.completeUploadExternal")[0]?.params.channel_id).toBe("DU1");
    // Nothing member-specific was posted where everyone reads, and the announcement was not touched.
    expect(fake.callsTo("chat.update")).toHaveLength(0);
    expect(fake.callsTo("chat.postMessage").filter((c) => c.params.channel === "C0GENERAL")).toHaveLength(0);
    expect(bot.count("SELECT count(*) AS n FROM signups WHERE status = 'confirmed'")).toBe(1);
  });

  it("opens the roster-name form as a modal and sends the outcome to the DM, not into the announcement", async () => {
    bot = await startSlackBot({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 5 }]) });
    const { fake } = bot;
    await post(
      bot.url,
      blockAction({ user: "U2", actionId: "signup.join", value: "S1", triggerId: "trig-chan", ...announcement }),
    );
    const opened = await fake.waitFor(() => fake.callsTo("views.open")[0]);
    expect(opened.params.trigger_id).toBe("trig-chan");
    const meta = JSON.parse((opened.params.view as { private_metadata: string }).private_metadata) as object;
    expect(meta).not.toHaveProperty("c");

    expect((await submitProfile(bot, "U2", opened)).status).toBe(200);
    await fake.waitFor(() => fake.callsTo("files.completeUploadExternal").length === 1);
    expect(confirmations(bot, "DU2")).toHaveLength(1);
    expect(fake.callsTo("chat.update").filter((c) => c.params.ts === announcement.ts)).toHaveLength(0);
  });
});

describe("Slack: replies in a platform outage", () => {
  it("retries a reply the Web API refused with a 500 and delivers it exactly once", async () => {
    bot = await startSlackBot({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 5 }]) });
    const { fake } = bot;
    await post(bot.url, blockAction({ user: "U3", actionId: "signup.join", value: "S1", ...announcement }));
    const opened = await fake.waitFor(() => fake.callsTo("views.open")[0]);
    fake.fail("chat.postMessage", { status: 500 }, { status: 500 });
    await submitProfile(bot, "U3", opened);
    await fake.waitFor(() => fake.callsTo("files.completeUploadExternal").length === 1, 10_000);
    expect(fake.callsTo("chat.postMessage")).toHaveLength(3);
    expect(confirmations(bot, "DU3")).toHaveLength(1);
    expect(bot.count("SELECT count(*) AS n FROM outbox")).toBe(0);
  });

  it("queues a reply still refused after the retries in the outbox, which delivers it once Slack is back", async () => {
    bot = await startSlackBot({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 5 }]) });
    const { fake } = bot;
    await post(bot.url, blockAction({ user: "U4", actionId: "signup.join", value: "S1", ...announcement }));
    const opened = await fake.waitFor(() => fake.callsTo("views.open")[0]);
    fake.fail("chat.postMessage", { status: 500 }, { status: 500 }, { status: 500 }, { status: 503 });
    await submitProfile(bot, "U4", opened);
    await fake.waitFor(() => bot.count("SELECT count(*) AS n FROM outbox WHERE kind = 'reply'") === 1, 10_000);
    await idle(bot);
    expect(confirmations(bot, "DU4")).toHaveLength(0);
    expect(bot.count("SELECT count(*) AS n FROM signups WHERE status = 'confirmed'")).toBe(1);

    // Slack is back (the last scripted failure hits the outbox's first try, which backs off by itself).
    await bot.drain();
    bot.clock.advance(10 * 60_000);
    await bot.drain();
    expect(confirmations(bot, "DU4")).toHaveLength(1);
    expect(fake.callsTo("files.completeUploadExternal").filter((c) => c.params.channel_id === "DU4")).toHaveLength(1);
    await bot.drain();
    expect(confirmations(bot, "DU4")).toHaveLength(1);
  });

  it("logs, and does not queue, a reply Slack refuses for good", async () => {
    bot = await startSlackBot();
    const { fake } = bot;
    fake.fail("chat.postMessage", { error: "channel_not_found" });
    await post(bot.url, dmMessage("U5", "help"));
    await fake.waitFor(() => fake.callsTo("chat.postMessage").length === 1);
    await idle(bot);
    expect(fake.callsTo("chat.postMessage")).toHaveLength(1);
    expect(bot.count("SELECT count(*) AS n FROM outbox")).toBe(0);
  });
});

describe("Slack: a hanging Web API", () => {
  it("opens a new member's modal while other members' messages hang", async () => {
    bot = await startSlackBot({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 50 }]) });
    const { fake } = bot;
    const release = fake.hold("chat.postMessage");
    // More members than the work lane runs at once, each waiting on a hanging chat.postMessage.
    for (let i = 0; i < 12; i++) await post(bot.url, dmMessage(`UH${i}`, "help"));
    await fake.waitFor(() => fake.callsTo("chat.postMessage").length >= 8);

    await post(
      bot.url,
      blockAction({ user: "UNEW", actionId: "signup.join", value: "S1", triggerId: "trig-new", ...announcement }),
    );
    const opened = await fake.waitFor(() => fake.callsTo("views.open").find((c) => c.params.trigger_id === "trig-new"));
    expect(opened.result).toBeDefined();
    expect(ok(fake.callsTo("chat.postMessage"))).toHaveLength(0);
    release();
    await fake.waitFor(() => ok(fake.callsTo("chat.postMessage")).length === 12);
  });

  it("gives up on a hanging call after the client's timeout and queues the reply in the outbox", async () => {
    bot = await startSlackBot();
    const { fake } = bot;
    const release = fake.hold("chat.postMessage");
    await post(bot.url, dmMessage("U6", "help"));
    // No answer ever comes: the Web API client's timeout ends the call, and the reply waits in the outbox.
    await fake.waitFor(() => bot.count("SELECT count(*) AS n FROM outbox WHERE kind = 'reply'") === 1, 20_000);
    expect(fake.callsTo("chat.postMessage")).toHaveLength(1);
    release();
  }, 30_000);
});
