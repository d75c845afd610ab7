import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../adapters/cli/main.js";
import type { Reply } from "../src/contract.js";
import { upsertDirectoryEntry } from "../src/domain/directory.js";
import { consentTexts } from "../src/i18n/consent-texts.js";
import { pollTask } from "../src/services/poll-service.js";
import { queueSessionReminders } from "../src/services/session-reminders.js";
import { surveyTask } from "../src/services/survey-service.js";
import { Driver, type GpDriver, sessionsCsv } from "./support/driver.js";

// `stop` and `start`, and the one line the first unsolicited message carries, through the real core and database.

const zone = "Europe/Amsterdam";
const local = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const stopLine = consentTexts("nl").stopHint;

let driver: Driver;
afterEach(() => driver?.close());

function setUp(): Driver {
  return new Driver({
    sessionsCsv: sessionsCsv([{ id: "S1", capacity: 5, date: "2027-09-15" }]),
    env: { ORGANISERS: "memory:ORG" },
  });
}

/** An organiser sends a message to everyone through the chat form; returns the confirmation. */
function broadcastToEveryone(org: GpDriver, text: string): Reply | undefined {
  const [preview] = org.click("broadcast.preview", undefined, { bc_text: text, bc_audience: "everyone" });
  return org.press(preview, "broadcast.confirm")[0];
}

/** A member found in the platform's directory, who never wrote to the bot. */
function fromDirectory(d: Driver, userId: string): number {
  return upsertDirectoryEntry(d.ctx.db, { platform: "memory", workspace: "W1", userId, guest: false }, d.clock.now());
}

const rowsFor = (d: Driver, userId: string, kind: string) =>
  d.ctx.db
    .prepare<[string, string], { n: number }>(
      `SELECT count(*) AS n FROM outbox o JOIN identities i ON i.member_id = o.member_id
         WHERE i.user_id = ? AND o.kind = ?`,
    )
    .get(userId, kind)?.n;

const linesIn = (replies: Reply[]) => replies.filter((r) => r.text.includes(stopLine)).length;

describe("stop and start", () => {
  it("stop ends broadcasts (counted in the report) but not their session reminder; start resumes", async () => {
    driver = setUp();
    const [org, a, b] = [driver.gp("ORG"), driver.gp("A"), driver.gp("B")];
    org.say("hallo");
    a.signUp("S1");
    b.signUp("S1");

    expect(a.say("stop")[0]?.text).toContain("geen berichten, peilingen en enquêteherinneringen meer");
    expect(a.say("Geen berichten!")[0]?.text).toContain("U krijgt al geen berichten");

    // The preview counts as the confirmation will: without the member who stopped.
    const [preview] = org.click("broadcast.preview", undefined, { bc_text: "Voorbeeld", bc_audience: "everyone" });
    expect(preview?.text).toContain("2 ontvangers");
    const queued = broadcastToEveryone(org, "De zaal is verplaatst.");
    expect(queued?.text).toContain("2 ontvangers"); // ORG and B; A stopped
    expect(rowsFor(driver, "A", "broadcast")).toBe(0);
    await driver.deliver();
    expect(driver.inbox("A")).toEqual([]);
    expect(driver.inbox("B").map((r) => r.text)).toEqual(["De zaal is verplaatst."]);
    const [report] = org.press(queued, "broadcast.report");
    expect(report?.text).toContain("1 afgemeld voor berichten");
    // The CLI's report says it too.
    const out: string[] = [];
    const env = { DATABASE_PATH: driver.ctx.config.DATABASE_PATH };
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void out.push(t), env };
    const sent = driver.ctx.db.prepare("SELECT id FROM broadcasts WHERE status = 'queued'").get() as { id: number };
    expect(await runCli(["deliveries", String(sent.id)], io)).toBe(0);
    expect(out[0]).toContain("(1 left out: they said stop)");

    // Their own session reminder still comes.
    driver.clock.set(local("2027-09-14T17:59"));
    expect(queueSessionReminders(driver.ctx, driver.clock.now())).toBe(2);
    await driver.deliver();
    expect(driver.inbox("A").map((r) => r.text)).toEqual([expect.stringContaining("Herinnering")]);

    expect(a.say("start")[0]?.text).toContain("U krijgt weer berichten");
    const again = broadcastToEveryone(org, "Tot morgen.");
    expect(again?.text).toContain("3 ontvangers");
    await driver.deliver();
    expect(driver.inbox("A").at(-1)?.text).toBe("Tot morgen.");
    expect(org.press(again, "broadcast.report")[0]?.text).not.toContain("afgemeld voor berichten");
  });

  it("a bare start is a greeting to someone who did not stop; English stop works", () => {
    driver = setUp();
    const gp = driver.gp("A", "en-GB");
    expect(gp.say("start")[0]?.text).not.toContain("again");
    expect(gp.say("stop messages")[0]?.text).toContain("You will get no more messages");
    expect(gp.say("start")[0]?.text).toContain("from Spreekuur again");
  });

  it("stop cancels what waits for office hours; a resend does not bring it back", async () => {
    driver = setUp();
    const [org, b] = [driver.gp("ORG"), driver.gp("B")];
    org.say("hallo");
    b.say("hallo");
    driver.clock.set(local("2027-06-05T12:00")); // Saturday: the broadcast waits for Monday
    const queued = broadcastToEveryone(org, "Maandag nieuws.");
    b.say("stop");
    const [resent] = org.press(org.press(queued, "broadcast.report")[0], "broadcast.resend");
    expect(resent?.text).toContain("0 berichten opnieuw");
    driver.clock.set(local("2027-06-07T08:00"));
    await driver.deliver();
    expect(driver.inbox("B").filter((r) => r.text === "Maandag nieuws.")).toEqual([]);
    expect(driver.inbox("ORG").filter((r) => r.text === "Maandag nieuws.")).toHaveLength(1);
  });

  it("a poll does not reach a member who stopped", async () => {
    driver = new Driver({ env: { ORGANISERS: "memory:ORG" }, now: local("2027-06-01T10:00") });
    const [org, a, b] = [driver.gp("ORG"), driver.gp("A"), driver.gp("B")];
    a.say("hallo");
    b.say("stop");
    const [created] = org.click("poll.create.submit", undefined, {
      question: "Komt u?",
      kind: "single",
      options: "Ja\nNee",
      audience: "all",
      at: "2027-06-01 10:00",
      closes: "2027-06-03 17:00",
    });
    expect(created?.text).toContain("peiling is aangemaakt");
    pollTask.run(driver.ctx, driver.clock.now());
    await driver.deliver();
    expect(driver.inbox("A").map((r) => r.text)).toEqual([expect.stringContaining("Komt u?")]);
    expect(driver.inbox("B").filter((r) => r.text.includes("Komt u?"))).toEqual([]);
  });

  it("a survey neither invites nor reminds a member who stopped; a directory member is told once", async () => {
    driver = new Driver({ env: { ORGANISERS: "memory:ORG" }, now: local("2027-06-07T09:00") });
    const [org, a, b] = [driver.gp("ORG"), driver.gp("A"), driver.gp("B")];
    a.say("stop");
    b.say("hallo");
    fromDirectory(driver, "D1");
    const [created] = org.click("survey.create.submit", undefined, {
      title: "Evaluatie",
      url: "https://enquete.example.nl/s/abc",
      opens: "2027-06-07 10:00",
      closes: "2027-06-20 12:00",
      audience: "all",
      reminders: "elke dinsdag 12:00",
      max_reminders: "2",
      personal_links: "no",
    });
    expect(created?.text).toContain("is aangemaakt");
    for (const moment of ["2027-06-07T10:00", "2027-06-08T12:00"]) {
      driver.clock.set(local(moment));
      surveyTask.run(driver.ctx, driver.clock.now());
      await driver.deliver();
    }
    const survey = (id: string) => driver.inbox(id).filter((r) => r.text.includes("Evaluatie"));
    expect(survey("A")).toEqual([]);
    expect(survey("B")).toHaveLength(2);
    expect(survey("D1")).toHaveLength(2);
    expect(linesIn(survey("D1"))).toBe(1);
    expect(survey("D1")[0]?.text).toContain(stopLine);
  });
});

describe("the first unsolicited message", () => {
  it("says how to stop, once per person; not to a member who wrote first", async () => {
    driver = setUp();
    const org = driver.gp("ORG");
    org.say("hallo");
    driver.gp("A").say("hallo");
    const [d1, d2] = [fromDirectory(driver, "D1"), fromDirectory(driver, "D2")];

    broadcastToEveryone(org, "Eerste bericht.");
    await driver.deliver();
    const [first] = driver.inbox("D1");
    expect(first?.text).toBe(`Eerste bericht.\n\n${stopLine}`);
    expect(first?.blocks?.at(-1)).toEqual({ kind: "text", text: stopLine });
    expect(stopLine).not.toContain("\n"); // one line
    expect(linesIn(driver.inbox("D2"))).toBe(1);
    expect(linesIn(driver.inbox("A"))).toBe(0);
    expect(linesIn(driver.inbox("ORG"))).toBe(0);
    const told = driver.ctx.db.prepare<[number, number], { n: number }>(
      "SELECT count(*) AS n FROM members WHERE id IN (?, ?) AND told_how_to_stop = 1",
    );
    expect(told.get(d1, d2)?.n).toBe(2);

    broadcastToEveryone(org, "Tweede bericht.");
    await driver.deliver();
    expect(driver.inbox("D1").map((r) => r.text)).toEqual([first?.text, "Tweede bericht."]);
    expect(linesIn(driver.inbox("D2"))).toBe(1);

    // A directory member who types stop after the first message gets nothing more.
    driver.gp("D2").say("stop");
    broadcastToEveryone(org, "Derde bericht.");
    await driver.deliver();
    expect(driver.inbox("D2").some((r) => r.text.startsWith("Derde"))).toBe(false);
  });

  it("an English-speaking directory member gets the line in English", async () => {
    driver = setUp();
    const org = driver.gp("ORG");
    org.say("hallo");
    upsertDirectoryEntry(
      driver.ctx.db,
      { platform: "memory", workspace: "W1", userId: "E1", guest: false, locale: "en" },
      driver.clock.now(),
    );
    broadcastToEveryone(org, "Hello.");
    await driver.deliver();
    expect(driver.inbox("E1").map((r) => r.text)).toEqual([`Hello.\n\n${consentTexts("en").stopHint}`]);
  });
});
