import { readFileSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { Block, Reply } from "../src/contract.js";
import { auditEntries } from "../src/domain/audit.js";
import { reportReminderTask } from "../src/services/report-reminders.js";
import { cli } from "./support/cli.js";
import { Driver, findActions, type GpDriver, sessionsCsv, tempDatabasePath } from "./support/driver.js";

let driver: Driver;
afterEach(() => driver?.close());

type Input = Extract<Block, { kind: "input" }>;
const inputs = (reply: Reply | undefined): Input[] =>
  (reply?.blocks ?? []).filter((b): b is Input => b.kind === "input");

/** Sessions held in September 2025 (past for the CLI's real clock), led by L1 and L2; H3 has no leader linked. */
const csv = sessionsCsv([
  { id: "H1", date: "2025-09-16", city: "Utrecht", leaderId: "memory:L1" },
  { id: "H2", date: "2025-09-18", city: "Zwolle", region: "Overijssel", leaderId: "memory:L2" },
  { id: "H3", date: "2025-09-18", city: "Assen", region: "Drenthe" },
]);
const afterH1 = Date.UTC(2025, 8, 16, 20, 30); // Tuesday 22:30 in Amsterdam
const afterAll = Date.UTC(2025, 8, 19, 10, 0);

/** A long answer over several lines, just under Slack's 3000 characters. */
function longAnswer(seed: string): string {
  const line = `${seed}: huisartsen willen meer tijd per patiënt, en "samenwerking" in de wijk, ook 's avonds.`;
  const lines: string[] = [];
  while ([...lines, line].join("\n").length <= 3000) lines.push(`${lines.length + 1}. ${line}`);
  return `${lines.join("\n")}\n${"z".repeat(3000)}`.slice(0, 2999);
}

function fillAll(leader: GpDriver, sessionId: string, participants = "14"): void {
  for (const task of ["mgz", "spoed", "palliatief", "preventie"]) {
    leader.click("leader.report.save", `${sessionId}:${task}`, {
      [`${task}.basis`]: `${sessionId} ${task} basis`,
      [`${task}.probleem`]: `${sessionId} ${task} probleem`,
      [`${task}.oplossingen`]: `${sessionId} ${task} oplossingen`,
    });
  }
  leader.click("leader.report.save", `${sessionId}:general`, { other: `${sessionId} overig`, participants });
}

describe("the session report", () => {
  it("is filled in part by part with long multi-line answers, kept as a draft, and submitted once", () => {
    driver = new Driver({ now: afterH1, sessionsCsv: csv });
    const l1 = driver.gp("L1");
    expect(driver.gp("L2").click("leader.report", "H1")[0]?.text).toContain("alleen de sessieleider");

    const [overview] = l1.click("leader.report", "H1");
    expect(overview?.text).toContain("Medisch-generalistische zorg en zorgcoördinatie: 0 van 3 ingevuld");
    const parts = findActions(overview).filter((a) => a.id === "leader.report.part");
    expect(parts.map((a) => a.value)).toEqual(["H1:mgz", "H1:spoed", "H1:palliatief", "H1:preventie", "H1:general"]);

    const [form] = l1.press(overview, "leader.report.part", 1);
    expect(form?.title).toBe("Verslag 2/5");
    expect(form?.blocks?.length).toBeLessThanOrEqual(100);
    expect(inputs(form).map((i) => [i.id, i.label, i.multiline, i.maxLength])).toEqual([
      ["spoed.basis", "Op welke zorg kunnen patiënten en naasten minimaal rekenen?", true, 3000],
      ["spoed.probleem", "Wat is het belangrijkste probleem of de grootste uitdaging, en waarom?", true, 3000],
      ["spoed.oplossingen", "Welke oplossingsrichtingen ziet de groep?", true, 3000],
    ]);

    const long = longAnswer("Spoed");
    expect(long.length).toBeGreaterThan(2900);
    const [saved] = l1.click("leader.report.save", "H1:spoed", {
      "spoed.basis": long.replace(/\n/g, "\r\n"),
      "spoed.probleem": "Drukte op de huisartsenpost.\n\nVooral in het weekend.",
      "spoed.oplossingen": "",
    });
    expect(saved?.text).toContain("Opgeslagen als concept");
    expect(saved?.text).toContain("Spoedeisende huisartsenzorg: 2 van 3 ingevuld");

    // Later: the draft is still there, line breaks and all.
    driver.clock.advance(3 * 86_400_000);
    const [again] = l1.click("leader.report.part", "H1:spoed");
    expect(inputs(again).map((i) => i.value)).toEqual([
      long,
      "Drukte op de huisartsenpost.\n\nVooral in het weekend.",
      undefined,
    ]);

    // Too long: an error, the text stays in the field, and nothing is saved.
    const [tooLong] = l1.click("leader.report.save", "H1:spoed", { "spoed.basis": "x".repeat(3001) });
    expect(inputs(tooLong)[0]?.error).toContain("Hoogstens 3000 tekens");
    expect(inputs(tooLong)[0]?.value).toHaveLength(3001);
    expect(inputs(l1.click("leader.report.part", "H1:spoed")[0])[0]?.value).toBe(long);

    const [incomplete] = l1.click("leader.report.submit", "H1");
    expect(incomplete?.text).toContain("Nog niet compleet");
    expect(incomplete?.text).toContain("het aantal deelnemers");

    const [badCount] = l1.click("leader.report.save", "H1:general", { other: "", participants: "twaalf" });
    expect(inputs(badCount)[1]?.error).toContain("geheel getal");

    fillAll(l1, "H1");
    const [done] = l1.click("leader.report.submit", "H1");
    expect(done?.text).toContain("Dank u wel. Het verslag is ingediend");
    expect(findActions(done).map((a) => a.id)).not.toContain("leader.report.submit");
    expect(l1.click("leader.report.submit", "H1")[0]?.text).toContain("al ingediend");
    expect(l1.click("leader.report.save", "H1:mgz", { "mgz.basis": "change" })[0]?.text).toContain("al ingediend");
    expect(auditEntries(driver.ctx.db).filter((e) => e.action === "leader.report.submit")).toHaveLength(1);
    expect(l1.say("mijn sessies als leider")[0]?.blocks).toContainEqual({
      kind: "fields",
      fields: expect.arrayContaining([{ label: "Verslag", value: "Ingediend" }]),
    });
  });

  it("reminds a leader who owes one, once per sending day, and not after the report is in", async () => {
    driver = new Driver({ now: afterH1, sessionsCsv: csv });
    const l1 = driver.gp("L1");
    const run = async (at: number) => {
      driver.clock.set(at);
      await reportReminderTask.run(driver.ctx, at);
    };

    await run(afterH1); // Tuesday 22:30: queued for Wednesday 08:00
    await driver.deliver();
    expect(driver.inbox("L1")).toHaveLength(0);
    driver.clock.set(Date.UTC(2025, 8, 17, 6, 0));
    await driver.deliver();
    const [first] = driver.inbox("L1");
    expect(first?.text).toContain("Dank u voor het leiden van Denksessie Utrecht");
    expect(findActions(first).map((a) => [a.id, a.value])).toEqual([["leader.report", "H1"]]);

    await run(Date.UTC(2025, 8, 17, 10, 0)); // Wednesday again: nothing new
    l1.click("leader.report.save", "H1:mgz", { "mgz.basis": "Een begin." });
    await run(Date.UTC(2025, 8, 18, 7, 0)); // Thursday 09:00
    await driver.deliver();
    expect(driver.inbox("L1")).toHaveLength(2);
    expect(driver.inbox("L1")[1]?.text).toContain("Uw concept is bewaard");

    await run(Date.UTC(2025, 8, 19, 5, 0)); // Friday 07:00: queued for 08:00…
    fillAll(l1, "H1");
    expect(l1.click("leader.report.submit", "H1")[0]?.text).toContain("is ingediend");
    driver.clock.set(Date.UTC(2025, 8, 19, 9, 0));
    await driver.deliver(); // …and withdrawn when the report came in
    await run(Date.UTC(2025, 8, 22, 7, 0));
    await run(Date.UTC(2025, 8, 23, 7, 0));
    await driver.deliver();
    expect(driver.inbox("L1")).toHaveLength(2);

    // L2 still owes one for H2; H3 has no leader, so nobody is reminded for it.
    expect(driver.inbox("L2").length).toBeGreaterThan(0);
    expect(driver.adapter.sent.every((m) => m.to.user === "L1" || m.to.user === "L2")).toBe(true);
    // Three weeks after the session the reminders stop.
    const before = driver.adapter.sent.length;
    await run(Date.UTC(2025, 9, 13, 7, 0));
    await driver.deliver();
    expect(driver.adapter.sent.length).toBe(before);
  });

  it("is exported by core task and question with session, city and date; organisers see the status", async () => {
    driver = new Driver({ now: afterAll, sessionsCsv: csv, env: { ORGANISERS: "memory:ORG" } });
    const env = { DATABASE_PATH: driver.ctx.config.DATABASE_PATH };
    fillAll(driver.gp("L1"), "H1", "14");
    driver.gp("L1").click("leader.report.submit", "H1");
    fillAll(driver.gp("L2"), "H2", "9");
    driver.gp("L2").click("leader.report.submit", "H2");
    driver.gp("L2").click("leader.report.save", "H2:mgz", { "mgz.basis": "late change" }); // refused: submitted

    const status = await cli(env, "reports", "status");
    expect(status.out.split("\n").map((l) => l.split("\t")[3])).toEqual([
      "submitted",
      "submitted",
      "missing",
      undefined,
    ]);
    expect(status.out).toContain("(no leader linked)");
    const [chat] = driver.gp("ORG").say("verslagen");
    expect(chat?.text).toContain("2 van 3 gehouden sessies hebben een ingediend verslag");
    expect(chat?.text).toContain("H3 Denksessie Assen");

    const json = JSON.parse((await cli(env, "reports", "export", "--format", "json")).out) as {
      sessions: { session_id: string; participants: number }[];
      coreTasks: {
        id: string;
        label: { nl: string };
        questions: { id: string; answers: { session_id: string; city: string; date: string; answer: string }[] }[];
      }[];
      otherPoints: { answers: { answer: string }[] };
    };
    expect(json.sessions.map((s) => [s.session_id, s.participants])).toEqual([
      ["H1", 14],
      ["H2", 9],
    ]);
    expect(json.coreTasks.map((t) => t.id)).toEqual(["mgz", "spoed", "palliatief", "preventie"]);
    expect(json.coreTasks[1]?.questions[1]).toEqual({
      id: "probleem",
      label: expect.anything(),
      answers: [
        {
          session_id: "H1",
          session: "Denksessie Utrecht",
          city: "Utrecht",
          date: "2025-09-16",
          answer: "H1 spoed probleem",
        },
        {
          session_id: "H2",
          session: "Denksessie Zwolle",
          city: "Zwolle",
          date: "2025-09-18",
          answer: "H2 spoed probleem",
        },
      ],
    });
    expect(json.otherPoints.answers.map((a) => a.answer)).toEqual(["H1 overig", "H2 overig"]);

    const rows = (await cli(env, "reports", "export", "--format", "csv")).out.trim().split("\n");
    expect(rows[0]).toBe(
      "core_task_id,core_task,question_id,question,session_id,session,city,date,participants,answer",
    );
    expect(rows).toHaveLength(1 + 4 * 3 * 2 + 2);
    expect(rows[1]).toBe(
      "mgz,Medisch-generalistische zorg en zorgcoördinatie,basis,Op welke zorg kunnen patiënten en naasten minimaal rekenen?,H1,Denksessie Utrecht,Utrecht,2025-09-16,14,H1 mgz basis",
    );
    expect(rows[2]).toContain(",H2,Denksessie Zwolle,Zwolle,2025-09-18,9,H2 mgz basis");
    expect(rows[3]).toContain("mgz,Medisch-generalistische zorg en zorgcoördinatie,probleem,");
  });

  it("follows the format file: a changed file changes the form; a broken one is refused clearly", async () => {
    const formatPath = `${tempDatabasePath()}.format.json`;
    const format = JSON.parse(readFileSync("examples/report-format.json", "utf8")) as {
      coreTasks: unknown[];
      questions: { id: string; label: { nl: string; en: string } }[];
    };
    format.coreTasks = format.coreTasks.slice(0, 2);
    format.questions = [{ id: "wens", label: { nl: "Wat wenst de groep?", en: "What does the group wish for?" } }];
    writeFileSync(formatPath, JSON.stringify(format));
    driver = new Driver({ now: afterH1, sessionsCsv: csv, env: { REPORT_FORMAT_PATH: formatPath } });
    const l1 = driver.gp("L1", "en-GB");

    const [overview] = l1.click("leader.report", "H1");
    expect(
      findActions(overview)
        .filter((a) => a.id === "leader.report.part")
        .map((a) => a.value),
    ).toEqual(["H1:mgz", "H1:spoed", "H1:general"]);
    expect(inputs(l1.click("leader.report.part", "H1:spoed")[0]).map((i) => [i.id, i.label])).toEqual([
      ["spoed.wens", "What does the group wish for?"],
    ]);

    format.questions.push({ id: "zorg", label: { nl: "Wat is de zorg?", en: "What is the concern?" } });
    writeFileSync(formatPath, JSON.stringify(format));
    expect(inputs(l1.click("leader.report.part", "H1:spoed")[0]).map((i) => i.id)).toEqual([
      "spoed.wens",
      "spoed.zorg",
    ]);

    // A report made with this format keeps its answers when a later format drops a question.
    for (const task of ["mgz", "spoed"]) {
      l1.click("leader.report.save", `H1:${task}`, {
        [`${task}.wens`]: `${task} wens`,
        [`${task}.zorg`]: `${task} zorg`,
      });
    }
    l1.click("leader.report.save", "H1:general", { participants: "7" });
    expect(l1.click("leader.report.submit", "H1")[0]?.text).toContain("has been submitted");
    format.questions.pop();
    writeFileSync(formatPath, JSON.stringify(format));
    const cliEnv = { DATABASE_PATH: driver.ctx.config.DATABASE_PATH, REPORT_FORMAT_PATH: formatPath };
    const exported = JSON.parse((await cli(cliEnv, "reports", "export", "--format", "json")).out) as {
      coreTasks: { questions: { id: string; answers: { answer: string }[] }[] }[];
      unmatched: { core_task_id: string; question_id: string; answer: string }[];
    };
    expect(exported.coreTasks[1]?.questions.map((q) => [q.id, q.answers.map((a) => a.answer)])).toEqual([
      ["wens", ["spoed wens"]],
    ]);
    expect(exported.unmatched.map((r) => [r.core_task_id, r.question_id, r.answer])).toEqual([
      ["mgz", "zorg", "mgz zorg"],
      ["spoed", "zorg", "spoed zorg"],
    ]);

    writeFileSync(formatPath, JSON.stringify({ ...format, questions: [{ id: "Bad Id", label: { nl: "x" } }] }));
    expect(l1.click("leader.report", "H1")[0]?.text).toContain("report form is not available");
    const check = await cli({ DATABASE_PATH: driver.ctx.config.DATABASE_PATH }, "reports", "check-format", formatPath);
    expect(check.code).toBe(1);
    expect(check.err).toContain("questions.0.id: use a-z, 0-9");
    expect(check.err).toContain("questions.0.label.en");
    const good = await cli({ DATABASE_PATH: driver.ctx.config.DATABASE_PATH }, "reports", "check-format");
    expect(good.out).toContain("4 core tasks × 3 questions");
  });
});
