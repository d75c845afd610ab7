import { afterEach, describe, expect, it } from "vitest";
import { ensureMember, setProfile } from "../src/domain/members.js";
import { sessionsCsv } from "./support/driver.js";
import { type SlackBot, startSlackBot } from "./support/slack-app.js";
import { blockAction, post } from "./support/slack-requests.js";

// The calls a sign-up click makes, counted at the fake Web API (real Bolt, the real core): with a public address the
// calendar invite is a signed link in the confirmation (one chat.update, no upload), and a click whose answer the
// message already shows makes no call at all.

let bot: SlackBot;
afterEach(async () => bot?.stop());

const publicUrl = "https://spreekuur.example.org";
const linkSecret = "a-kept-calendar-link-secret-for-tests";
const idle = (b: SlackBot) => (b.slack as { idle?: () => Promise<void> }).idle?.();

function withProfile(b: SlackBot, user: string): void {
  const ctx = b.app.core.ctx;
  const member = ensureMember(ctx.db, "slack", user, ctx.clock.now());
  setProfile(ctx.db, member.id, `Dokter ${user}`, "huisarts");
}

type Button = { url?: string; text?: { text?: string } };
const linkButtons = (blocks: unknown): Button[] =>
  ((blocks ?? []) as { elements?: Button[] }[]).flatMap((b) => b.elements ?? []).filter((e) => e.url);

async function click(b: SlackBot, user: string, triggerId: string, where = { channel: `D${user}`, ts: "1.5" }) {
  const res = await post(b.url, blockAction({ user, actionId: "signup.join", value: "S1", triggerId, ...where }));
  expect(res.status).toBe(200);
  await idle(b);
}

describe("Slack with a public address: the invite as a link", () => {
  it("signs a member up from their DM with one Web API call, the invite a link that opens the .ics", async () => {
    bot = await startSlackBot({
      sessionsCsv: sessionsCsv([{ id: "S1", capacity: 5 }]),
      env: { PUBLIC_URL: publicUrl, CALENDAR_LINK_SECRET: linkSecret },
    });
    withProfile(bot, "U1");
    const before = bot.fake.calls.length;
    await click(bot, "U1", "t1");
    expect(bot.fake.calls.slice(before).map((c) => c.method)).toEqual(["chat.update"]);
    const [link] = linkButtons(bot.fake.callsTo("chat.update")[0]?.params.blocks);
    expect(link?.text?.text).toBe("Zet in agenda");
    expect(link?.url).toMatch(new RegExp(`^${publicUrl}/calendar/[^/]+\\.ics$`));

    // The bot serves the link itself (here at its bound port instead of the public address).
    const path = new URL(link?.url ?? "").pathname;
    const invite = await fetch(`http://127.0.0.1:${bot.app.port}${path}`);
    expect(invite.status).toBe(200);
    expect(await invite.text()).toContain("BEGIN:VEVENT");
  });

  it("answers a repeated click without a Web API call", async () => {
    bot = await startSlackBot({
      sessionsCsv: sessionsCsv([{ id: "S1", capacity: 5 }]),
      env: { PUBLIC_URL: publicUrl, CALENDAR_LINK_SECRET: linkSecret },
    });
    withProfile(bot, "U2");
    await click(bot, "U2", "t1");
    expect(bot.fake.callsTo("chat.update")).toHaveLength(1);
    // The repeat draws the card the first click drew: nothing for Slack to change, so nothing is sent.
    const before = bot.fake.calls.length;
    await click(bot, "U2", "t2");
    await click(bot, "U2", "t3");
    await click(bot, "U2", "t4");
    expect(bot.fake.calls.slice(before)).toEqual([]);
    expect(bot.count("SELECT count(*) AS n FROM signups WHERE status = 'confirmed'")).toBe(1);
  });

  it("answers a click on a channel announcement privately and puts the linked confirmation in the DM, no upload", async () => {
    bot = await startSlackBot({
      sessionsCsv: sessionsCsv([{ id: "S1", capacity: 5 }]),
      env: { PUBLIC_URL: publicUrl, CALENDAR_LINK_SECRET: linkSecret },
    });
    withProfile(bot, "U3");
    const before = bot.fake.calls.length;
    await click(bot, "U3", "t1", { channel: "C0GENERAL", ts: "1700000000.000777" });
    const methods = bot.fake.calls.slice(before).map((c) => c.method);
    expect(methods.filter((m) => m.startsWith("files."))).toEqual([]);
    const dm = bot.fake.callsTo("chat.postMessage").find((c) => c.params.channel === "DU3");
    expect(linkButtons(dm?.params.blocks)).toHaveLength(1);
    expect(linkButtons(bot.fake.callsTo("chat.postEphemeral")[0]?.params.blocks)).toHaveLength(1);
  });
});

describe("Slack without a public address or a kept link secret", () => {
  it("counts a card whose invite did not upload as not shown: the next click updates it and uploads again", async () => {
    bot = await startSlackBot({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 5 }]) });
    withProfile(bot, "U6");
    bot.fake.fail("files.completeUploadExternal", { error: "file_upload_failed" });
    await click(bot, "U6", "t1");
    expect(bot.fake.callsTo("chat.update")).toHaveLength(1);
    await click(bot, "U6", "t2");
    expect(bot.fake.callsTo("chat.update")).toHaveLength(2);
    expect(bot.fake.callsTo("files.completeUploadExternal")).toHaveLength(2);
  });

  it("uploads the invite when the link secret would change at the next start", async () => {
    bot = await startSlackBot({
      sessionsCsv: sessionsCsv([{ id: "S1", capacity: 5 }]),
      env: { PUBLIC_URL: publicUrl },
    });
    withProfile(bot, "U5");
    await click(bot, "U5", "t1");
    expect(linkButtons(bot.fake.callsTo("chat.update")[0]?.params.blocks)).toEqual([]);
    expect(bot.fake.callsTo("files.completeUploadExternal")).toHaveLength(1);
  });

  it("uploads the invite into the DM (the member's browser could not reach a link)", async () => {
    bot = await startSlackBot({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 5 }]) });
    withProfile(bot, "U4");
    await click(bot, "U4", "t1");
    expect(linkButtons(bot.fake.callsTo("chat.update")[0]?.params.blocks)).toEqual([]);
    expect(bot.fake.callsTo("files.completeUploadExternal")).toHaveLength(1);
    // A repeat whose answer the card shows uploads nothing again.
    await click(bot, "U4", "t2");
    await click(bot, "U4", "t3");
    expect(bot.fake.callsTo("files.completeUploadExternal")).toHaveLength(1);
  });
});
