import { afterEach, describe, expect, it } from "vitest";
import { findMember } from "../../src/domain/members.js";
import { drainOnce } from "../../src/services/delivery/drain.js";
import { adaptiveCardValidator } from "../support/adaptive-card-schema.js";
import { sessionsCsv } from "../support/driver.js";
import { TeamsHarness } from "../support/teams-app.js";
import { cardOf, cardText, executes } from "../support/teams-client.js";

const validate = adaptiveCardValidator();
let harness: TeamsHarness;
afterEach(async () => harness?.stop());

const csv = sessionsCsv([
  { id: "UT1", city: "Utrecht", date: "2027-09-14", capacity: 1 },
  { id: "AMS", city: "Amsterdam", region: "Noord-Holland", date: "2027-10-05" },
]);

describe("Teams through the real CloudAdapter", () => {
  it("welcomes a member on install and stores the conversation reference", async () => {
    harness = await TeamsHarness.start({}, csv);
    const gp = harness.user("29:anna");
    expect((await gp.install()).status).toBe(200);
    const [welcome] = harness.connector.sentTo(gp.conversationId);
    expect(cardText(cardOf(welcome))).toContain("Welkom bij Spreekuur");
    expect(validate(cardOf(welcome))).toEqual([]);
    const ref = harness.app.db.prepare("SELECT user_id, reference FROM conversation_refs").get() as {
      user_id: string;
      reference: string;
    };
    expect(ref.user_id).toBe("29:anna");
    expect(JSON.parse(ref.reference).serviceUrl).toBe(harness.connector.url);
    expect(findMember(harness.app.db, "teams", "29:anna")?.dmConversation).toBe(gp.conversationId);
  });

  it('answers "sessies" with a session card, signs up via Action.Execute → form → confirmation in the invoke response', async () => {
    harness = await TeamsHarness.start({}, csv);
    const gp = harness.user("29:bart");
    await gp.install();
    expect((await gp.say("sessies")).status).toBe(200);
    const list = cardOf(harness.connector.sentTo(gp.conversationId).at(-1));
    expect(validate(list)).toEqual([]);
    const join = executes(list).find((a) => a.verb === "signup.join");
    expect(join?.data).toEqual({ actionId: "signup.join", value: "UT1" });

    const form = await gp.execute("signup.join", join?.data ?? {});
    expect(form.status).toBe(200);
    expect(form.body.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(cardText(form.body.value as never)).toContain("Input.Text");

    const invalid = await gp.execute("signup.profile", { actionId: "signup.profile", value: "UT1", roster_name: "" });
    expect(cardText(invalid.body.value as never)).toContain('"color":"Attention"');

    const done = await gp.execute("signup.profile", {
      actionId: "signup.profile",
      value: "UT1",
      roster_name: "Dr. Bart Jansen",
      role: "huisarts",
    });
    const confirmation = done.body.value;
    expect(typeof confirmation).toBe("object");
    expect(validate(confirmation)).toEqual([]);
    expect(cardText(confirmation as never)).toContain("U bent aangemeld");
    const calendar = JSON.stringify(confirmation).match(/"url":"(https:\/\/spreekuur\.test\/calendar\/[^"]+)"/)?.[1];
    expect(calendar).toBeDefined();
    const ics = await fetch(new URL(new URL(calendar ?? "").pathname, harness.url));
    expect(ics.headers.get("content-type")).toContain("text/calendar");
    expect(await ics.text()).toContain("UID:session-UT1@spreekuur.app");
    expect((await fetch(`${harness.url}/calendar/forged.ics`)).status).toBe(404);
  });

  it("puts the second member on the waitlist and promotes them with a proactive message when the first cancels", async () => {
    harness = await TeamsHarness.start({}, csv);
    const first = harness.user("29:first");
    const second = harness.user("29:second");
    await first.install();
    await second.install();
    for (const [gp, name] of [
      [first, "Dr. Een"],
      [second, "Dr. Twee"],
    ] as const) {
      await gp.execute("signup.join", { actionId: "signup.join", value: "UT1" });
      await gp.execute("signup.profile", { actionId: "signup.profile", value: "UT1", roster_name: name, role: "aios" });
    }
    const [waiting] = await Promise.all([second.execute("signup.join", { actionId: "signup.join", value: "UT1" })]);
    expect(cardText(waiting.body.value as never)).toContain("wachtlijst");

    const question = await first.execute("signup.cancel", { actionId: "signup.cancel", value: "UT1" });
    expect(executes(question.body.value as never).map((a) => a.verb)).toContain("signup.cancel.confirm");
    const cancelled = await first.execute("signup.cancel.confirm", { actionId: "signup.cancel.confirm", value: "UT1" });
    expect(cardText(cancelled.body.value as never)).toContain("afgemeld");

    const before = harness.connector.sentTo(second.conversationId).length;
    expect(await drainOnce(harness.app.core.ctx, harness.teams)).toBe(1);
    const told = harness.connector.sentTo(second.conversationId).slice(before);
    expect(told).toHaveLength(1);
    expect(cardText(cardOf(told[0]))).toContain("Goed nieuws");
    expect(cardText(cardOf(told[0]))).toContain("Zet in agenda");
    const outbox = harness.app.db.prepare("SELECT status, message_id FROM outbox").get() as Record<string, string>;
    expect(outbox).toMatchObject({ status: "sent" });
    expect(outbox.message_id).toMatch(/^act-/);
  });

  it("handles the Action.Submit fallback as the same action", async () => {
    harness = await TeamsHarness.start({}, csv);
    const gp = harness.user("29:submit");
    await gp.install();
    await gp.submit({ actionId: "signup.details", value: "AMS" });
    expect(cardText(cardOf(harness.connector.sentTo(gp.conversationId).at(-1)))).toContain("Amsterdam");
  });

  it("marks a member who blocked the bot unreachable (403) and reports a 429 as rate limited", async () => {
    harness = await TeamsHarness.start({}, csv);
    const gp = harness.user("29:blocker");
    await gp.install();
    const to = { platform: "teams" as const, conversation: gp.conversationId, user: "29:blocker" };
    // botbuilder does not retry the 429 itself: the outbox hears it after the one request.
    const calls = harness.connector.calls.length;
    harness.connector.failures.push({ status: 429, headers: { "retry-after": "9" } });
    const limited = await harness.teams.send(to, { text: "Hallo" });
    expect(limited).toEqual({ ok: false, reason: "rate_limited", retryAfterMs: 9000, scope: "workspace" });
    expect(harness.connector.calls.length - calls).toBe(1);

    harness.connector.failures.push({ status: 403, body: { error: { code: "MessageWritesBlocked", message: "" } } });
    expect(await harness.teams.send(to, { text: "Hallo" })).toMatchObject({ ok: false, reason: "blocked" });

    harness.app.core.ctx.db
      .prepare(
        "INSERT INTO outbox (dedupe_key, kind, platform, conversation, member_id, identity_id, payload, not_before, created_at) SELECT 'k', 't', 'teams', ?, member_id, id, ?, 0, 0 FROM identities WHERE user_id = '29:blocker'",
      )
      .run(gp.conversationId, JSON.stringify({ text: "Hallo" }));
    harness.connector.failures.push({ status: 403, body: { error: { code: "MessageWritesBlocked", message: "" } } });
    await drainOnce(harness.app.core.ctx, harness.teams);
    expect(findMember(harness.app.db, "teams", "29:blocker")?.reachable).toBe(false);
  });

  it("updates a sent message in place and refuses an invoke that is not an Action.Execute", async () => {
    harness = await TeamsHarness.start({}, csv);
    const gp = harness.user("29:update");
    await gp.install();
    const to = { platform: "teams" as const, conversation: gp.conversationId, user: "29:update" };
    const sent = await harness.teams.send(to, { text: "Nog 3 plaatsen" });
    if (!sent.ok) throw new Error("send failed");
    expect(await harness.teams.update?.(to, sent.messageId, { text: "Nog 2 plaatsen" })).toEqual(sent);
    const put = harness.connector.calls.find((c) => c.method === "PUT");
    expect(put?.activityId).toBe(sent.messageId);
    expect(cardText(cardOf(put?.body))).toContain("Nog 2 plaatsen");

    const unknown = await harness.teams.send({ platform: "teams", conversation: "a:nobody" }, { text: "x" });
    expect(unknown).toMatchObject({ ok: false, reason: "not_found" });

    const response = await gp.post({
      type: "invoke",
      name: "adaptiveCard/action",
      id: "f:bad",
      channelId: "msteams",
      serviceUrl: harness.connector.url,
      from: { id: "29:update" },
      recipient: { id: "28:spreekuur-bot" },
      conversation: { id: gp.conversationId, conversationType: "personal" },
      value: { action: { type: "Action.Submit", data: {} } },
    });
    expect(response.status).toBe(400);
  });

  it("marks a member unreachable on uninstall", async () => {
    harness = await TeamsHarness.start({}, csv);
    const gp = harness.user("29:leaver");
    await gp.install();
    expect(findMember(harness.app.db, "teams", "29:leaver")?.reachable).toBe(true);
    await gp.uninstall();
    expect(findMember(harness.app.db, "teams", "29:leaver")?.reachable).toBe(false);
  });
});

describe("Teams with an app id", () => {
  const env = { MICROSOFT_APP_ID: "app-1", MICROSOFT_APP_PASSWORD: "secret", MICROSOFT_APP_TENANT_ID: "tenant-1" };
  const jwt = (header: object, claims: object) =>
    [header, claims, { sig: 1 }].map((p) => Buffer.from(JSON.stringify(p)).toString("base64url")).join(".");

  it("refuses requests without a valid token with 401 and stores nothing", async () => {
    harness = await TeamsHarness.start(env, csv);
    const gp = harness.user("29:intruder");
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const attempts: Record<string, string>[] = [
      {},
      { authorization: "Bearer not-a-token" },
      { authorization: `Bearer ${jwt({ alg: "none" }, { aud: "app-1", exp })}` },
      { authorization: `Bearer ${jwt({ alg: "RS256" }, { aud: "other-app", exp })}` },
      { authorization: `Bearer ${jwt({ alg: "RS256" }, { aud: "app-1", exp: 1000 })}` },
    ];
    for (const headers of attempts) {
      const response = await gp.post({ type: "message", text: "sessies", from: { id: "29:intruder" } }, headers);
      expect(response.status).toBe(401);
    }
    expect(await gp.install().then((r) => r.status)).toBe(401);
    expect(harness.app.db.prepare("SELECT count(*) AS n FROM members").get()).toEqual({ n: 0 });
    expect(harness.app.db.prepare("SELECT count(*) AS n FROM conversation_refs").get()).toEqual({ n: 0 });
    expect(harness.connector.calls).toHaveLength(0);
  });
});
