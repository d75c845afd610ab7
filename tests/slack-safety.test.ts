import { afterEach, describe, expect, it } from "vitest";
import { sessionsCsv } from "./support/driver.js";
import { type SlackBot, startSlackBot } from "./support/slack-app.js";
import {
  blockAction,
  dmMessage,
  homeOpened,
  post,
  selectValue,
  slashCommand,
  textValue,
  viewSubmission,
} from "./support/slack-requests.js";

// Waitlist and promotion through the outbox, refused requests, retries and double clicks, the App Home.

let bot: SlackBot;
afterEach(async () => bot?.stop());

type SlackButton = { action_id: string; value?: string };
function buttons(blocks: unknown): SlackButton[] {
  return ((blocks as { type: string; elements?: SlackButton[] }[] | undefined) ?? []).flatMap((b) =>
    b.type === "actions" ? (b.elements ?? []) : [],
  );
}
const signups = (b: SlackBot, status: string) => b.count("SELECT count(*) AS n FROM signups WHERE status = ?", status);
const rows = (b: SlackBot, table: string) => b.count(`SELECT count(*) AS n FROM ${table}`);

/** Clicks "sign up" on a message in the member's DM and fills in the modal. */
async function signUpViaModal(b: SlackBot, user: string, session: string): Promise<void> {
  const opened = b.fake.callsTo("views.open").length;
  const channel = `D${user}`;
  await post(b.url, blockAction({ user, actionId: "signup.join", value: session, channel, ts: "1700000000.000001" }));
  const call = await b.fake.waitFor(() => b.fake.callsTo("views.open")[opened]);
  const view = call.params.view as { private_metadata: string };
  const values = { ...textValue("roster_name", `Dokter ${user}`), ...selectValue("role", "huisarts") };
  const res = await post(
    b.url,
    viewSubmission(user, { id: `V${user}`, private_metadata: view.private_metadata }, values),
  );
  expect(res.status).toBe(200);
}

/** The work queued after acks is done. */
const idle = (b: SlackBot) => (b.slack as { idle?: () => Promise<void> }).idle?.();
const uploadsTo = (b: SlackBot, channel: string) =>
  b.fake.callsTo("files.completeUploadExternal").filter((c) => c.params.channel_id === channel).length;

describe("Slack: capacity, waitlist and promotion", () => {
  it("waitlists when full and tells the next member in their DM when a place frees", async () => {
    bot = await startSlackBot({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 1 }]) });
    const { fake } = bot;
    await signUpViaModal(bot, "U1", "S1");
    await fake.waitFor(() => uploadsTo(bot, "DU1") === 1);
    // The confirmation replaces the DM message the button sat on.
    const confirmed = fake.callsTo("chat.update").find((c) => c.params.channel === "DU1");
    expect(String(confirmed?.params.text)).toContain("U bent aangemeld");

    await signUpViaModal(bot, "U2", "S1");
    const waitlisted = await fake.waitFor(() => fake.callsTo("chat.update").find((c) => c.params.channel === "DU2"));
    expect(String(waitlisted.params.text)).toContain("wachtlijst, plaats 1");
    expect(signups(bot, "confirmed")).toBe(1);
    expect(signups(bot, "waitlisted")).toBe(1);

    await post(
      bot.url,
      blockAction({ user: "U1", actionId: "signup.cancel.confirm", value: "S1", channel: "DU1", ts: "1" }),
    );
    await fake.waitFor(() => signups(bot, "waitlisted") === 0);
    expect(fake.callsTo("chat.postMessage").filter((c) => c.params.channel === "DU2")).toHaveLength(0);

    await bot.drain();
    const told = fake.callsTo("chat.postMessage").filter((c) => c.params.channel === "DU2");
    expect(told).toHaveLength(1);
    expect(String(told[0]?.params.text)).toContain("Goed nieuws");
    expect(uploadsTo(bot, "DU2")).toBe(1);
    // The notice, and the update of the card that said "wachtlijst, plaats 1" (issue 18: cards stay true).
    expect(bot.count("SELECT count(*) AS n FROM outbox WHERE status = 'sent' AND message_id LIKE 'DU2/%'")).toBe(2);
    const updates = fake.callsTo("chat.update").filter((c) => c.params.channel === "DU2");
    expect(String(updates.at(-1)?.params.text)).toContain("U bent nu aangemeld");
  });

  it("leaves a rate-limited notice in the outbox until Retry-After, and records a member who is gone", async () => {
    bot = await startSlackBot({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 1 }]) });
    const { fake } = bot;
    await signUpViaModal(bot, "U1", "S1");
    await signUpViaModal(bot, "U2", "S1");
    await fake.waitFor(() => signups(bot, "waitlisted") === 1);
    await post(
      bot.url,
      blockAction({ user: "U1", actionId: "signup.cancel.confirm", value: "S1", channel: "DU1", ts: "1" }),
    );
    // The notice and the update of the waitlist card.
    await fake.waitFor(() => rows(bot, "outbox") === 2);

    fake.fail("chat.postMessage", { status: 429, retryAfter: 7 });
    await bot.drain();
    const row = () =>
      bot.app.core.ctx.db
        .prepare("SELECT status, not_before, failure FROM outbox WHERE kind = 'waitlist.promoted'")
        .get() as {
        status: string;
        not_before: number;
        failure: string | null;
      };
    expect(row()).toMatchObject({ status: "pending", failure: "rate_limited" });
    expect(row().not_before).toBe(bot.clock.now() + 7000);

    bot.clock.advance(7000);
    fake.fail("chat.postMessage", { error: "cannot_dm_bot" });
    await bot.drain();
    expect(row()).toMatchObject({ status: "failed", failure: "blocked: cannot_dm_bot" });
    expect(bot.count("SELECT reachable AS n FROM member_reach WHERE user_id = 'U2'")).toBe(0);
  });
});

describe("Slack: refused requests", () => {
  const cases = [
    ["unsigned", { unsigned: true }],
    ["signed with another secret", { secret: "not-the-signing-secret" }],
    ["stale (6 minutes old)", { timestamp: Math.floor(Date.now() / 1000) - 360 }],
  ] as const;
  for (const [name, options] of cases) {
    it(`answers 401 to a ${name} request and changes nothing`, async () => {
      bot = await startSlackBot({ sessionsCsv: sessionsCsv([{ id: "S1" }]) });
      const before = bot.fake.calls.length;
      const click = await post(
        bot.url,
        blockAction({ user: "U9", actionId: "signup.join", value: "S1", channel: "DU9", ts: "1" }),
        options,
      );
      const command = await post(bot.url, slashCommand("U9", "mijn", bot.fake.responseUrl()), options);
      const dm = await post(bot.url, dmMessage("U9", "aanmelden S1"), options);
      expect([click.status, command.status, dm.status]).toEqual([401, 401, 401]);
      await new Promise((r) => setTimeout(r, 50));
      expect(bot.fake.calls.length).toBe(before);
      expect(bot.fake.responses).toHaveLength(0);
      expect(rows(bot, "members")).toBe(0);
      expect(rows(bot, "signups")).toBe(0);
      expect(rows(bot, "processed_events")).toBe(0);
    });
  }
});

describe("Slack: retries and double clicks", () => {
  it("does not repeat an event delivered again with X-Slack-Retry-Num", async () => {
    bot = await startSlackBot({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 5 }]) });
    const { fake } = bot;
    await signUpViaModal(bot, "U1", "S1");
    await post(
      bot.url,
      blockAction({ user: "U1", actionId: "signup.cancel.confirm", value: "S1", channel: "DU1", ts: "1" }),
    );
    await fake.waitFor(() => signups(bot, "confirmed") === 0);
    const posts = fake.callsTo("chat.postMessage").length;

    const first = await post(bot.url, dmMessage("U1", "aanmelden S1", "EvSAME"));
    expect(first.status).toBe(200);
    await fake.waitFor(() => fake.callsTo("chat.postMessage").length === posts + 1);
    expect(signups(bot, "confirmed")).toBe(1);
    const again = await post(bot.url, dmMessage("U1", "aanmelden S1", "EvSAME"), { retryNum: 1 });
    expect(again.status).toBe(200);
    // A later, different event is answered: the retry, queued before it, has been handled by then.
    await post(bot.url, dmMessage("U1", "help", "EvNEXT"));
    await fake.waitFor(
      () =>
        fake.callsTo("chat.postMessage").some((c) => String(c.params.text).includes("sessies")) &&
        fake.callsTo("chat.postMessage").length >= posts + 2,
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.callsTo("chat.postMessage")).toHaveLength(posts + 2);
    expect(bot.count("SELECT count(*) AS n FROM signups")).toBe(1);
  });

  it("treats a double click on sign-up as one sign-up, and a redelivered click as nothing", async () => {
    bot = await startSlackBot({
      sessionsCsv: sessionsCsv([
        { id: "S1", capacity: 1 },
        { id: "S2", capacity: 1 },
      ]),
    });
    const { fake } = bot;
    await signUpViaModal(bot, "U1", "S1");
    // The upload comes last, after the confirmation replaced the source message.
    await fake.waitFor(() => uploadsTo(bot, "DU1") === 1);
    const updates = fake.callsTo("chat.update").length;
    const click = { user: "U1", actionId: "signup.join", value: "S2", channel: "DU1", ts: "2" };
    await Promise.all([post(bot.url, blockAction(click)), post(bot.url, blockAction(click))]);
    await fake.waitFor(() => fake.callsTo("chat.update").length === updates + 2);
    expect(bot.count("SELECT count(*) AS n FROM signups WHERE session_id = 'S2'")).toBe(1);
    expect(signups(bot, "waitlisted")).toBe(0);

    await idle(bot);

    // The double click's two answers differ by a word ("al aangemeld") and may land in either order: the next click
    // updates the card at most once. From then on the card shows what a click answers, and nothing is sent.
    const same = blockAction({ ...click, triggerId: "trig-same" });
    await post(bot.url, same);
    await idle(bot);
    const shown = fake.calls.length;
    expect(fake.callsTo("chat.update").length).toBeLessThanOrEqual(updates + 3);
    await post(bot.url, same, { retryNum: 1 });
    await post(bot.url, blockAction({ ...click, triggerId: "trig-again" }));
    await idle(bot);
    expect(fake.calls).toHaveLength(shown);
  });
});

describe("Slack: DMs and the App Home", () => {
  it("answers a DM in the DM and remembers it for proactive messages", async () => {
    bot = await startSlackBot({ sessionsCsv: sessionsCsv([{ id: "S1" }]) });
    await post(bot.url, dmMessage("U5", "help"));
    const reply = await bot.fake.waitFor(() => bot.fake.callsTo("chat.postMessage")[0]);
    expect(reply.params.channel).toBe("DU5");
    expect(buttons(reply.params.blocks).map((b) => b.action_id)).toEqual(["sessions.list", "signup.mine"]);
    expect(bot.count("SELECT count(*) AS n FROM member_reach WHERE dm_conversation = 'DU5'")).toBe(1);
  });

  it("publishes the home tab with sessions and own sign-ups, and refreshes it after a click there", async () => {
    bot = await startSlackBot({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 3 }]) });
    const { fake } = bot;
    await post(bot.url, homeOpened("U7"));
    const home = await fake.waitFor(() => fake.callsTo("views.publish")[0]);
    expect(home.params.user_id).toBe("U7");
    const view = home.params.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe("home");
    expect(JSON.stringify(view.blocks)).toContain("3 van 3 vrij");
    expect(buttons(view.blocks).find((b) => b.action_id === "signup.join")?.value).toBe("S1");

    await signUpViaModal(bot, "U7", "S1");
    await fake.waitFor(() => signups(bot, "confirmed") === 1);
    await post(bot.url, blockAction({ user: "U7", actionId: "signup.details", value: "S1", home: true }));
    await fake.waitFor(() => fake.callsTo("views.publish").length === 2);
    const refreshed = fake.callsTo("views.publish")[1]?.params.view as { blocks: unknown[] };
    expect(buttons(refreshed.blocks).some((b) => b.action_id === "signup.cancel" && b.value === "S1")).toBe(true);
    // A click in the home tab is answered in the DM.
    expect(fake.callsTo("chat.postMessage").some((c) => c.params.channel === "DU7")).toBe(true);
  });
});
