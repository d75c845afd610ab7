import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { startApp } from "../adapters/app.js";
import { ManualClock } from "../src/clock.js";
import { sendWindow } from "../src/config/core-config.js";
import { auditEntries } from "../src/domain/audit.js";
import { campaignStatus } from "../src/domain/campaign-status.js";
import { createCampaign, getRecipient } from "../src/domain/campaigns.js";
import { validateSurvey } from "../src/domain/survey-input.js";
import { silentLogger } from "../src/log.js";
import { surveyTask } from "../src/services/survey-service.js";
import { inWindow } from "../src/time/quiet-hours.js";
import { toCron } from "../src/time/schedule.js";
import { testConfig } from "./support/app-config.js";
import { Driver, findActions, tempDatabasePath } from "./support/driver.js";

const zone = "Europe/Amsterdam";
const at = (local: string) => DateTime.fromFormat(local, "yyyy-MM-dd HH:mm", { zone }).toMillis();

let driver: Driver | undefined;
afterEach(() => driver?.close());

function outboxRows(d: Driver) {
  return d.ctx.db.prepare("SELECT dedupe_key, not_before, status FROM outbox ORDER BY id").all() as {
    dedupe_key: string;
    not_before: number;
    status: string;
  }[];
}

describe("plain schedules", () => {
  it("map Dutch and English choices to cron and refuse nonsense", () => {
    expect(toCron("elke dinsdag 12:30")).toBe("30 12 * * 2");
    expect(toCron("Every Tuesday 12:30")).toBe("30 12 * * 2");
    expect(toCron("elke werkdag om 9.00")).toBe("0 9 * * 1-5");
    expect(toCron("0 9 * * 1")).toBe("0 9 * * 1");
    expect(toCron("elke dinsdag 25:00")).toBeUndefined();
    expect(toCron("soms")).toBeUndefined();
  });
});

describe("a survey campaign", () => {
  it("invites inside the window, reminds only non-completers, honours done, later and opt-out, stops at close", async () => {
    driver = new Driver({ env: { ORGANISERS: "memory:ORG" }, now: at("2027-06-04 10:00") });
    const d = driver;
    const [org, a, b, c] = ["ORG", "A", "B", "C"].map((id) => d.gp(id));
    if (!org || !a || !b || !c) throw new Error("setup");
    for (const gp of [org, a, b, c]) gp.say("help");

    // A non-organiser is refused; the organiser gets a form, errors, then a campaign.
    expect(a.click("survey.create")[0]?.text).toContain("alleen een organisator");
    const [form] = org.click("survey.create");
    expect(form?.form?.submit.id).toBe("survey.create.submit");
    const [invalid] = org.click("survey.create.submit", undefined, { title: "", url: "http://x", opens: "morgen" });
    const errors = invalid?.blocks?.flatMap((bl) => (bl.kind === "input" && bl.error ? [bl.id] : []));
    expect(errors).toEqual(expect.arrayContaining(["title", "url", "opens", "closes"]));
    const [created] = org.click("survey.create.submit", undefined, {
      title: "Evaluatie denksessies",
      url: "https://enquete.example.nl/s/abc",
      opens: "2027-06-05 10:00", // a Saturday: the invitation waits for Monday 08:00
      closes: "2027-06-20 12:00",
      audience: "all",
      reminders: "elke dinsdag 20:00", // outside the window: reminders wait for Wednesday 08:00
      max_reminders: "2",
      personal_links: "no",
    });
    expect(created?.text).toContain("is aangemaakt");
    const id = (d.ctx.db.prepare("SELECT id FROM survey_campaigns").get() as { id: number }).id;

    d.clock.set(at("2027-06-05 10:00"));
    surveyTask.run(d.ctx, d.clock.now());
    surveyTask.run(d.ctx, d.clock.now());
    await d.deliver();
    expect(d.inbox("A")).toHaveLength(0);

    d.clock.set(at("2027-06-07 08:00"));
    await d.deliver();
    const invite = d.inbox("A")[0];
    expect(invite?.text).toContain("Evaluatie denksessies");
    expect(findActions(invite).map((x) => x.id)).toEqual(["survey.done", "survey.later", "survey.optout"]);
    for (const id of ["ORG", "B", "C"]) expect(d.inbox(id)).toHaveLength(1);

    expect(a.press(invite, "Ingevuld")[0]?.text).toContain("Dank u wel");
    expect(b.press(d.inbox("B")[0], "Later")[0]?.text).toContain("di 8 jun, 20:00");
    expect(c.press(d.inbox("C")[0], "Geen herinneringen")[0]?.text).toContain("geen herinneringen meer");
    expect(a.press(invite, "Ingevuld")[0]?.text).toContain("Dank u wel"); // a double click changes nothing

    // First reminder slot: Tuesday 20:00, sent Wednesday 08:00; only ORG and B (snoozed to this slot).
    d.clock.set(at("2027-06-08 20:00"));
    surveyTask.run(d.ctx, d.clock.now());
    surveyTask.run(d.ctx, d.clock.now());
    await d.deliver();
    expect(d.inbox("B")).toHaveLength(1);
    d.clock.set(at("2027-06-09 08:00"));
    await d.deliver();
    expect(d.inbox("B")[1]?.text).toContain("Herinnering");
    expect(d.inbox("ORG")).toHaveLength(2);
    expect(d.inbox("A")).toHaveLength(1);
    expect(d.inbox("C")).toHaveLength(1);

    // Second and last reminder (max 2), then nothing more.
    for (const day of ["2027-06-15 20:00", "2027-06-16 08:00"]) {
      d.clock.set(at(day));
      surveyTask.run(d.ctx, d.clock.now());
      await d.deliver();
    }
    expect(d.inbox("B")).toHaveLength(3);
    const sent = d.ctx.db.prepare(
      "SELECT m.user_id, r.reminders_sent FROM survey_recipients r JOIN member_reach m ON m.id = r.member_id ORDER BY m.id",
    );
    expect(sent.all().map((r) => Object.values(r as object).join("="))).toEqual(["ORG=2", "A=0", "B=2", "C=0"]);
    for (const row of outboxRows(d)) expect(inWindow(row.not_before, sendWindow(d.ctx.config))).toBe(true);

    const [status] = org.click("survey.status", String(id));
    expect(status?.text).toContain("Uitgenodigd 4 · ingevuld 1 · later 0 · geen herinneringen 1");
    expect(status?.text).toContain("herinneringen verstuurd 4");
    expect(b.click("survey.status", String(id))[0]?.text).toContain("alleen een organisator");

    // Close on Sunday: the summary goes to the organiser on Monday; no reminders after close.
    d.clock.set(at("2027-06-20 12:00"));
    surveyTask.run(d.ctx, d.clock.now());
    surveyTask.run(d.ctx, d.clock.now());
    d.clock.set(at("2027-06-22 20:00"));
    surveyTask.run(d.ctx, d.clock.now());
    d.clock.set(at("2027-06-23 09:00"));
    await d.deliver();
    expect(d.inbox("ORG").at(-1)?.text).toContain("Status: Evaluatie denksessies");
    expect(d.inbox("ORG")).toHaveLength(4);
    expect(d.inbox("B")).toHaveLength(3);
    expect(b.press(d.inbox("B")[0], "Ingevuld")[0]?.text).toContain("gesloten");
  });

  it("lets an organiser close early from chat; pending reminders are cancelled", async () => {
    driver = new Driver({ env: { ORGANISERS: "memory:ORG" }, now: at("2027-06-07 09:00") });
    const d = driver;
    d.gp("ORG").say("help");
    d.gp("A").say("help");
    const draft = validateSurvey(
      {
        title: "Kort",
        url: "https://e.example.nl/x",
        opens: "2027-06-07 09:00",
        closes: "2027-06-30 09:00",
        reminders: "every Tuesday 12:30",
      },
      zone,
    );
    if (!draft.ok) throw new Error(JSON.stringify(draft.errors));
    const campaign = createCampaign(d.ctx.db, draft.value, "test", d.clock.now());
    surveyTask.run(d.ctx, d.clock.now());
    d.clock.set(at("2027-06-08 12:30"));
    surveyTask.run(d.ctx, d.clock.now());
    expect(d.gp("A").click("survey.close", String(campaign.id))[0]?.text).toContain("alleen een organisator");
    expect(d.gp("ORG").click("survey.close", String(campaign.id))[0]?.text).toContain("is gesloten");
    await d.deliver();
    expect(d.inbox("A")).toHaveLength(0); // invitation and reminder were still pending: cancelled
    const audit = auditEntries(d.ctx.db).map(({ actor, action }) => ({ actor, action }));
    expect(audit).toContainEqual({ actor: "memory:ORG", action: "survey.close" });
  });
});

describe("reminder slots", () => {
  it("skip a slot that would arrive together with an invitation still waiting for the window", () => {
    driver = new Driver({ now: at("2027-06-05 10:00") });
    const d = driver;
    d.gp("A").say("help");
    const draft = validateSurvey(
      {
        title: "Weekend",
        url: "https://e.example.nl/x",
        opens: "2027-06-05 10:00",
        closes: "2027-06-30 09:00",
        reminders: "elke zondag 12:00",
      },
      zone,
    );
    if (!draft.ok) throw new Error("draft");
    createCampaign(d.ctx.db, draft.value, "test", d.clock.now());
    for (const time of ["2027-06-05 10:00", "2027-06-06 12:00", "2027-06-07 08:00"]) {
      d.clock.set(at(time));
      surveyTask.run(d.ctx, d.clock.now());
    }
    expect(outboxRows(d).map((r) => r.dedupe_key)).toEqual(["survey:1:invite:1"]);
    d.clock.set(at("2027-06-13 12:00"));
    surveyTask.run(d.ctx, d.clock.now());
    expect(outboxRows(d).map((r) => r.dedupe_key)).toEqual(["survey:1:invite:1", "survey:1:reminder:1:1"]);
  });
});

describe("campaign status", () => {
  it("counts members whose invitation could not be delivered as unreachable, and speaks English to English members", async () => {
    driver = new Driver({ env: { ORGANISERS: "memory:ORG" }, now: at("2027-06-07 09:00") });
    const d = driver;
    d.gp("ORG").say("help");
    d.gp("E", "en-GB").say("help");
    d.gp("GONE").say("help");
    const draft = validateSurvey(
      { title: "Status", url: "https://e.example.nl/x", opens: "2027-06-07 09:00", closes: "2027-06-30 09:00" },
      zone,
    );
    if (!draft.ok) throw new Error("draft");
    const campaign = createCampaign(d.ctx.db, draft.value, "test", d.clock.now());
    surveyTask.run(d.ctx, d.clock.now());
    d.adapter.script.push(
      { ok: true, messageId: "x" },
      { ok: true, messageId: "y" },
      { ok: false, reason: "blocked", retryable: false, detail: "user left" },
    );
    await d.deliver();
    expect(d.inbox("E")[0]?.text).toContain('Would you take part in the survey "Status"');
    expect(findActions(d.inbox("E")[0]).map((x) => x.label)).toEqual(["Completed", "Later", "No reminders"]);
    expect(d.gp("E", "en-GB").press(d.inbox("E")[0], "Later")[0]?.text).toContain("No further reminder");
    const status = campaignStatus(d.ctx.db, campaign.id, d.clock.now());
    expect(status.total).toMatchObject({ invited: 3, unreachable: 1, snoozed: 1, completed: 0 });
    expect(status.byRegion).toEqual([{ region: "", counts: status.total }]);
  });
});

describe("the completion webhook", () => {
  it("marks completion with the personal token and a valid secret; refuses a wrong secret", async () => {
    const secret = "s3cret-s3cret-s3cret-s3cret";
    const clock = new ManualClock(at("2027-06-07 09:00"));
    const config = testConfig({ DATABASE_PATH: tempDatabasePath(), HOST: "127.0.0.1", SURVEY_WEBHOOK_SECRET: secret });
    const app = await startApp({ config, log: silentLogger, clock });
    try {
      const ctx = app.core.ctx;
      app.core.handle({ kind: "message", text: "help", from: { platform: "memory", conversation: "d", user: "A" } });
      const draft = validateSurvey(
        {
          title: "Met link",
          url: "https://e.example.nl/x?lang=nl",
          opens: "2027-06-07 09:00",
          closes: "2027-06-30 09:00",
          personal_links: "yes",
        },
        zone,
      );
      if (!draft.ok) throw new Error("draft");
      const campaign = createCampaign(ctx.db, draft.value, "test", clock.now());
      surveyTask.run(ctx, clock.now());
      const payload = (ctx.db.prepare("SELECT payload FROM outbox").get() as { payload: string }).payload;
      const token = /[?&]t=([\w-]+)/.exec(payload)?.[1];
      expect(token).toBeDefined();
      expect(payload).toContain("lang=nl");
      const post = (headers: Record<string, string>, body: unknown, id = campaign.id) =>
        fetch(`http://127.0.0.1:${app.port}/surveys/${id}/completed`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify(body),
        });
      expect((await post({ "x-survey-secret": "wrong" }, { token })).status).toBe(401);
      expect((await post({}, { token })).status).toBe(401);
      expect(getRecipient(ctx.db, campaign.id, 1)?.state).toBe("invited");
      expect((await post({ "x-survey-secret": secret }, { nope: 1 })).status).toBe(400);
      expect((await post({ "x-survey-secret": secret }, { token: "unknown-token" })).status).toBe(404);
      expect((await post({ "x-survey-secret": secret }, { token }, campaign.id + 1)).status).toBe(404);
      const ok = await post({ authorization: `Bearer ${secret}` }, { token });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ status: "completed" });
      expect(await (await post({ "x-survey-secret": secret }, { token })).json()).toEqual({
        status: "already_completed",
      });
      expect(campaignStatus(ctx.db, campaign.id, clock.now()).total.completed).toBe(1);
    } finally {
      await app.stop();
    }
  });
});
