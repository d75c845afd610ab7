import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Reply } from "../src/contract.js";
import type { DeclaredAction } from "../src/conversation/turn.js";
import { auditEntries } from "../src/domain/audit.js";
import { allFeatures } from "../src/features.js";
import { refusalText } from "../src/i18n/permission-texts.js";
import { Driver, sessionsCsv } from "./support/driver.js";

// Who may use what is declared next to each action and text intent; the router alone checks it, answers one
// refusal and audits it. These tests walk the declarations, so a new organiser or leader action is covered too.

let driver: Driver;
afterEach(() => driver?.close());

const csv = sessionsCsv([
  { id: "S1", city: "Utrecht", leaderId: "memory:L1" },
  { id: "S2", city: "Zwolle", region: "Overijssel", leaderId: "memory:L2" },
]);

const setUp = () => new Driver({ sessionsCsv: csv, env: { ORGANISERS: "memory:ORG" } });

const declared = (): [string, DeclaredAction][] => allFeatures.flatMap((f) => Object.entries(f.actions ?? {}));
const idsFor = (who: DeclaredAction["who"]) => declared().filter(([, action]) => action.who === who);

// The core's answers say their language.
const refusal = (text: string, locale: "nl" | "en" = "nl"): Reply[] => [
  { text, blocks: [{ kind: "text", text }], locale },
];
const organiserRefusal = refusal(refusalText("nl", "organiser"));
const leaderRefusal = refusal(refusalText("nl", "leader"));

const refusals = (d: Driver) =>
  auditEntries(d.ctx.db)
    .filter((e) => e.action === "permission.refused")
    .map((e) => [e.actor, e.detail])
    .reverse();

const count = (d: Driver, table: string) =>
  (d.ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** Organiser words typed in chat, with the intent each stands for. */
const organiserWords: [string, string][] = [
  ["bericht versturen", "broadcast.compose"],
  ["rapport 1", "broadcast.report"],
  ["peilingen", "poll.list"],
  ["enquetes", "survey.list"],
  ["verslagen", "reports.status"],
];

describe("organiser actions", () => {
  it("are declared for organisers", () => {
    const ids = idsFor("organiser").map(([id]) => id);
    expect(ids).toEqual(
      expect.arrayContaining([
        "broadcast.compose",
        "broadcast.confirm",
        "poll.create",
        "poll.close",
        "survey.create",
        "survey.remind.now",
        "reports.status",
      ]),
    );
  });

  it("a member clicking any of them gets the one refusal, nothing runs, and each attempt is audited", () => {
    driver = setUp();
    const member = driver.gp("A");
    const organiserActions = idsFor("organiser").map(([id]) => id);
    for (const id of organiserActions) {
      expect(member.click(id, "1", { bc_text: "Hoi", bc_audience: "everyone" }), id).toEqual(organiserRefusal);
    }
    expect(refusals(driver)).toEqual(organiserActions.map((id) => ["memory:A", id]));
    expect([count(driver, "broadcasts"), count(driver, "polls"), count(driver, "survey_campaigns")]).toEqual([0, 0, 0]);
  });

  it("a member typing an organiser word gets the same refusal (in their language) and an audit row", () => {
    driver = setUp();
    const member = driver.gp("A");
    for (const [text] of organiserWords) expect(member.say(text), text).toEqual(organiserRefusal);
    expect(driver.gp("E", "en-GB").say("polls")).toEqual(refusal(refusalText("en", "organiser"), "en"));
    expect(refusals(driver)).toEqual([...organiserWords.map(([, id]) => ["memory:A", id]), ["memory:E", "poll.list"]]);
    // The audit names the intent, never what was typed.
    expect(auditEntries(driver.ctx.db).some((e) => JSON.stringify(e).includes("versturen"))).toBe(false);
  });

  it("an organiser passes, by click and by text, and nothing is refused", () => {
    driver = setUp();
    const org = driver.gp("ORG");
    expect(org.click("poll.create")[0]?.form?.submit.id).toBe("poll.create.submit");
    expect(org.click("survey.create")[0]?.form?.submit.id).toBe("survey.create.submit");
    expect(org.say("bericht versturen")[0]?.form?.submit.id).toBe("broadcast.preview");
    expect(org.say("peilingen")[0]?.text).not.toBe(organiserRefusal[0]?.text);
    expect(org.say("verslagen")[0]?.text).not.toBe(organiserRefusal[0]?.text);
    expect(refusals(driver)).toEqual([]);
  });

  it("a leader asking for the organisers' report overview gets their own sessions instead, unaudited", () => {
    driver = setUp();
    expect(driver.gp("L1").say("verslagen")[0]?.text).toContain("U leidt 1 denksessie.");
    expect(driver.gp("L1").click("reports.status")[0]?.text).toContain("U leidt 1 denksessie.");
    expect(refusals(driver)).toEqual([]);
  });
});

describe("leader actions", () => {
  const leaderActions = () => idsFor("leader");
  /** A value about `session` in the shape the action's buttons carry (`session:part` for report parts). */
  const valueFor = (action: DeclaredAction, session: string) => (action.sessionOf ? `${session}:general` : session);

  it("read the session from the value the buttons carry", () => {
    for (const [id, action] of leaderActions()) expect(action.sessionOf?.("S2:general") ?? "S2", id).toBe("S2");
    expect(leaderActions().map(([id]) => id)).toEqual(
      expect.arrayContaining(["leader.roster", "leader.message.send", "leader.attendance.save", "leader.report.save"]),
    );
  });

  it("the leader of one session is refused every action on another session and on an unknown one, audited", () => {
    driver = setUp();
    const l1 = driver.gp("L1");
    for (const [id, action] of leaderActions()) {
      expect(l1.click(id, valueFor(action, "S2"), { message: "Hallo", urgent: "yes" }), id).toEqual(leaderRefusal);
    }
    expect(l1.click("leader.roster", "S9")).toEqual(leaderRefusal);
    expect(l1.click("leader.roster")).toEqual(leaderRefusal);
    expect(refusals(driver)).toEqual([
      ...leaderActions().map(([id]) => ["memory:L1", id]),
      ["memory:L1", "leader.roster"],
      ["memory:L1", "leader.roster"],
    ]);
    expect(count(driver, "outbox")).toBe(0); // no message went to S2's attendees
  });

  it("the leader passes on their own session; an organiser who does not lead it is refused", () => {
    driver = setUp();
    expect(driver.gp("L1").click("leader.roster", "S1")[0]?.text).not.toBe(leaderRefusal[0]?.text);
    expect(driver.gp("L2").click("leader.roster", "S2")[0]?.text).not.toBe(leaderRefusal[0]?.text);
    expect(driver.gp("ORG").click("leader.roster", "S1")).toEqual(leaderRefusal);
    expect(refusals(driver)).toEqual([["memory:ORG", "leader.roster"]]);
  });
});

describe("the router is the only place that knows roles", () => {
  const read = (path: string) => readFileSync(path, "utf8");
  const conversationFiles = readdirSync("src/conversation").map((name) => join("src/conversation", name));

  it("no feature file checks for an organiser or a session's leader itself", () => {
    const checking = [...conversationFiles, "src/features.ts"].filter((file) =>
      /isOrganiser|isLeaderOf|domain\/organisers/.test(read(file)),
    );
    expect(checking).toEqual([]);
  });

  it("the router does", () => {
    expect(read("src/core.ts")).toMatch(/isOrganiser\(/);
    expect(read("src/core.ts")).toMatch(/isLeaderOf\(/);
  });
});
