import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import type { Reply } from "../src/contract.js";
import { validatePoll } from "../src/domain/poll-input.js";
import { createPoll, getPoll, type Poll, roundResults, roundsOf } from "../src/domain/polls.js";
import { pollResultsCsv } from "../src/services/poll-export.js";
import { pollTask } from "../src/services/poll-service.js";
import { Driver, findActions, sessionsCsv } from "./support/driver.js";

const zone = "Europe/Amsterdam";
const at = (local: string) => DateTime.fromFormat(local, "yyyy-MM-dd HH:mm", { zone }).toMillis();
const replyText = (reply: Reply | undefined) =>
  (reply?.blocks ?? []).map((b) => (b.kind === "text" ? b.text : "")).join("\n");

let driver: Driver | undefined;
afterEach(() => driver?.close());

function newPoll(d: Driver, fields: Record<string, string>): Poll {
  const checked = validatePoll(fields, zone, d.clock.now());
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return createPoll(d.ctx.db, checked.value, "test", d.clock.now());
}

describe("a named poll", () => {
  it("is created from chat, answered, changed, closed with results, and exported", async () => {
    driver = new Driver({ env: { ORGANISERS: "memory:ORG" }, now: at("2027-06-01 10:00") });
    const d = driver;
    const [org, a, b] = ["ORG", "A", "B"].map((id) => d.gp(id));
    if (!org || !a || !b) throw new Error("setup");
    for (const gp of [org, a, b]) gp.say("help");

    expect(a.click("poll.create")[0]?.text).toContain("alleen een organisator");
    const [form] = org.click("poll.create");
    expect(form?.form?.submit.id).toBe("poll.create.submit");
    const bad = org.click("poll.create.submit", undefined, { question: "Q", options: "alleen één" });
    expect(bad[0]?.blocks?.some((bl) => bl.kind === "input" && bl.id === "options" && bl.error)).toBe(true);
    const [created] = org.click("poll.create.submit", undefined, {
      question: "Komt u naar de ledenvergadering?",
      kind: "single",
      options: "Ja\nNee\nMisschien",
      anonymous: "no",
      audience: "all",
      at: "2027-06-01 10:00",
      closes: "2027-06-03 17:00",
      show_running: "yes",
      share_results: "yes",
    });
    expect(created?.text).toContain("peiling is aangemaakt");
    expect(d.ctx.db.prepare("SELECT action FROM audit_log").all()).toContainEqual({ action: "poll.create" });

    pollTask.run(d.ctx, d.clock.now());
    pollTask.run(d.ctx, d.clock.now());
    await d.deliver();
    const card = d.inbox("A")[0];
    expect(d.inbox("A")).toHaveLength(1);
    expect(replyText(card)).toContain("Niet anoniem");
    expect(findActions(card).map((x) => x.label)).toEqual(["Ja", "Nee", "Misschien"]);

    const [first] = a.press(card, "Ja");
    expect(first?.text).toContain("Uw antwoord: Ja");
    expect(replyText(first)).toContain("Tussenstand");
    const [changed] = a.press(first, "Nee");
    expect(changed?.text).toContain("gewijzigd");
    expect(changed?.text).toContain("Uw antwoord: Nee");
    b.press(d.inbox("B")[0], "Nee");
    const poll = getPoll(d.ctx.db, 1);
    if (!poll) throw new Error("poll");
    const [round] = roundsOf(d.ctx.db, poll.id);
    expect(roundResults(d.ctx.db, poll, round?.id ?? 0).counts).toEqual([0, 2, 0]);
    expect(a.click("poll.vote", `${round?.id}:7`)[0]?.text).toContain("ken ik niet");
    expect(a.click("poll.results", "1")[0]?.text).toContain("alleen een organisator");

    d.clock.set(at("2027-06-03 17:00"));
    pollTask.run(d.ctx, d.clock.now());
    pollTask.run(d.ctx, d.clock.now());
    expect(a.press(card, "Ja")[0]?.text).toContain("gesloten");
    d.clock.set(at("2027-06-04 08:00"));
    await d.deliver();
    const results = d.inbox("ORG").at(-1);
    expect(results?.title).toBe("Uitslag: Komt u naar de ledenvergadering?");
    expect(replyText(results)).toContain("2 antwoorden");
    expect(replyText(results)).toContain(`${"█".repeat(20)} 100% (2)`);
    expect(replyText(results)).toContain(`${"░".repeat(20)} 0% (0)`);
    expect(replyText(results)).toContain("Per rol");
    expect(d.inbox("A").at(-1)?.title).toBe("Uitslag: Komt u naar de ledenvergadering?");
    expect(replyText(d.inbox("A").at(-1))).not.toContain("Per rol");
    expect(getPoll(d.ctx.db, 1)?.status).toBe("ended");

    const csv = pollResultsCsv(d.ctx.db, poll, zone).trim().split("\n");
    expect(csv[0]).toBe("poll_id,opens,closes,status,question,option,count,percent,participants");
    expect(csv[2]).toBe("1,2027-06-01 10:00,2027-06-03 17:00,closed,Komt u naar de ledenvergadering?,Nee,2,100,2");
    expect(csv).toHaveLength(4);
  });
});

/** Every row of every table: to prove what an anonymous answer writes. */
function snapshot(d: Driver): Map<string, string[]> {
  const tables = d.ctx.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  return new Map(
    tables.map(({ name }) => [
      name,
      (d.ctx.db.prepare(`SELECT * FROM "${name}"`).all() as object[]).map((row) => JSON.stringify(row)),
    ]),
  );
}

describe("an anonymous poll", () => {
  it("says the answer is final before the click and never links a member to a choice", async () => {
    driver = new Driver({ env: { ORGANISERS: "memory:ORG" }, now: at("2027-06-01 10:00") });
    const d = driver;
    const gps = ["A", "B", "C"].map((id) => d.gp(id));
    for (const gp of gps) gp.say("help");
    newPoll(d, {
      question: "Welke onderwerpen wilt u op de agenda?",
      kind: "multiple",
      options: "Regiovorming|Werkdruk|ANW-diensten",
      anonymous: "yes",
      closes: "2027-06-02 17:00",
    });
    pollTask.run(d.ctx, d.clock.now());
    await d.deliver();
    const [a, b, c] = gps;
    if (!a || !b || !c) throw new Error("setup");
    const card = d.inbox("A")[0];
    expect(replyText(card)).toContain("Uw antwoord is definitief zodra u klikt");

    const before = snapshot(d);
    // Multiple choice: toggle two options, then send.
    const [picked] = a.press(card, "☐ Regiovorming");
    const [picked2] = a.press(picked, "☐ ANW-diensten");
    expect(findActions(picked2).map((x) => x.label)).toContain("☑ ANW-diensten");
    expect(snapshot(d)).toEqual(before); // toggling stores nothing
    expect(a.press(picked2, "Versturen")[0]?.text).toContain("Regiovorming, ANW-diensten");
    b.press(b.press(d.inbox("B")[0], "☐ Werkdruk")[0], "Versturen");
    c.press(c.press(d.inbox("C")[0], "☐ Werkdruk")[0], "Versturen");
    expect(a.press(picked2, "Versturen")[0]?.text).toContain("al beantwoord");

    const after = snapshot(d);
    const changed = [...after.keys()].filter((t) => JSON.stringify(after.get(t)) !== JSON.stringify(before.get(t)));
    expect(changed.sort()).toEqual(["poll_participants", "poll_tallies"]);
    const columns = (table: string) =>
      (d.ctx.db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((col) => col.name);
    expect(columns("poll_participants")).toEqual(["round_id", "member_id"]);
    expect(columns("poll_tallies")).toEqual(["round_id", "option", "count"]);
    // No hidden rowid that would give away the order of answers.
    expect(() => d.ctx.db.prepare("SELECT rowid FROM poll_participants").all()).toThrow();
    expect(() => d.ctx.db.prepare("SELECT rowid FROM poll_tallies").all()).toThrow();
    expect(d.ctx.db.prepare("SELECT option, count FROM poll_tallies ORDER BY option").all()).toEqual([
      { option: 0, count: 1 },
      { option: 1, count: 2 },
      { option: 2, count: 1 },
    ]);
    expect(d.ctx.db.prepare("SELECT count(*) AS n FROM poll_answers").get()).toEqual({ n: 0 });
  });
});

describe("breakdowns", () => {
  it("show groups of 5 or more by role and region and hide smaller ones", async () => {
    const csv = sessionsCsv([
      { id: "UT", region: "Utrecht", capacity: 50 },
      { id: "NH", city: "Haarlem", region: "Noord-Holland", capacity: 50 },
    ]);
    driver = new Driver({ env: { ORGANISERS: "memory:ORG" }, now: at("2027-06-01 10:00"), sessionsCsv: csv });
    const d = driver;
    const ids = [...Array.from({ length: 6 }, (_, i) => `H${i}`), "X1", "X2"];
    for (const id of ids)
      d.gp(id).signUp(id.startsWith("H") ? "UT" : "NH", `Dokter ${id}`, id.startsWith("H") ? "huisarts" : "aios");
    d.gp("ORG").say("help");
    const poll = newPoll(d, {
      question: "Hoe tevreden bent u?",
      kind: "scale",
      anonymous: "no",
      audience: "all",
      closes: "2027-06-02 10:00",
    });
    pollTask.run(d.ctx, d.clock.now());
    await d.deliver();
    for (const id of ids) d.gp(id).press(d.inbox(id).at(-1), id.startsWith("H") ? "4" : "2");
    const results = roundResults(d.ctx.db, poll, 1);
    expect(results.byRole).toEqual([
      { group: "aios", hidden: true },
      { group: "huisarts", tally: { participants: 6, counts: [0, 0, 0, 6, 0] } },
    ]);
    const [shown] = d.gp("ORG").click("poll.results", String(poll.id));
    expect(replyText(shown)).toContain("• Aios: minder dan 5: verborgen");
    expect(replyText(shown)).toContain("• Noord-Holland: minder dan 5: verborgen");
    expect(replyText(shown)).toContain("• Utrecht (6): 1 0 · 2 0 · 3 0 · 4 6 · 5 0");
  });
});

describe("a recurring poll", () => {
  it("opens a round at every schedule moment in Amsterdam time, across the end of summer time", async () => {
    driver = new Driver({ env: { ORGANISERS: "memory:ORG" }, now: at("2027-10-17 12:00") });
    const d = driver;
    d.gp("A").say("help");
    const poll = newPoll(d, {
      question: "Hoe was uw week?",
      kind: "scale",
      at: "2027-10-17 12:00",
      schedule: "elke maandag 09:00",
      open_hours: "4",
      closes: "2027-11-09 00:00",
    });
    for (const day of ["2027-10-18", "2027-10-25", "2027-11-01", "2027-11-08", "2027-11-15"]) {
      for (const time of ["08:59", "09:00", "09:01", "13:00"]) {
        d.clock.set(at(`${day} ${time}`));
        pollTask.run(d.ctx, d.clock.now());
      }
      await d.deliver();
    }
    const opens = roundsOf(d.ctx.db, poll.id).map((r) => new Date(r.opensAt).toISOString());
    expect(opens).toEqual([
      "2027-10-18T07:00:00.000Z",
      "2027-10-25T07:00:00.000Z",
      "2027-11-01T08:00:00.000Z", // winter time: still 09:00 in Amsterdam
      "2027-11-08T08:00:00.000Z",
    ]);
    expect(d.inbox("A").filter((r) => r.title === "Hoe was uw week?")).toHaveLength(4);
    expect(roundsOf(d.ctx.db, poll.id).every((r) => r.status === "closed")).toBe(true);
    expect(getPoll(d.ctx.db, poll.id)?.status).toBe("ended");
  });
});
