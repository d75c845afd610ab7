import { afterEach, describe, expect, it } from "vitest";
import type { Block, Reply } from "../src/contract.js";
import { auditEntries } from "../src/domain/audit.js";
import { parseSessionsCsv, parseSessionsJson } from "../src/domain/session-import.js";
import { cli } from "./support/cli.js";
import { Driver, findActions, sessionsCsv } from "./support/driver.js";
import { overPlatformLimits } from "./support/platform-limits.js";

let driver: Driver;
afterEach(() => driver?.close());

type Input = Extract<Block, { kind: "input" }>;
const inputs = (reply: Reply | undefined): Input[] =>
  (reply?.blocks ?? []).filter((b): b is Input => b.kind === "input");
const env = () => ({ DATABASE_PATH: driver.ctx.config.DATABASE_PATH });

/** Tuesday 16 September 2025, 19:30–22:00 in Amsterdam (CEST): in the past for the CLI's real clock. */
const heldDate = "2025-09-16";
const beforeHeld = Date.UTC(2025, 8, 1, 8, 0);
const duringHeld = Date.UTC(2025, 8, 16, 18, 0);

describe("linking a session's leader", () => {
  it("takes leader_id from the import and checks its format per row, with line numbers", () => {
    const bad = sessionsCsv([
      { id: "S1", leaderId: "memory:L1" },
      { id: "S2", leaderId: "slak:U1" },
      { id: "S3", leaderId: "" },
    ]);
    const parsed = parseSessionsCsv(bad, "Europe/Amsterdam");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.problems).toEqual([
        { line: 3, field: "leader_id", reason: expect.stringContaining("platform:userId") },
      ]);

    const json = parseSessionsJson(
      JSON.stringify([
        {
          id: "J1",
          title: "T",
          date: "2027-09-15",
          start_time: "19:30",
          end_time: "22:00",
          venue: "V",
          city: "Utrecht",
          region: "Utrecht",
          leader: "A",
          capacity: "5",
          leader_id: "teams:29:1abc",
        },
      ]),
      "Europe/Amsterdam",
    );
    expect(json.ok && json.sessions[0]?.leaderKey).toBe("teams:29:1abc");

    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S1", leaderId: "memory:L1" }, { id: "S2" }]) });
    expect(driver.gp("L1").say("mijn sessies als leider")[0]?.text).toContain("S1");
    // A re-import without the column keeps the link.
    driver.importCsv(sessionsCsv([{ id: "S1", capacity: 25 }]));
    expect(driver.gp("L1").say("my sessions as leader")[0]?.text).toContain("S1");
  });

  it("links, shows and removes a leader with the CLI", async () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S1" }, { id: "S2" }]) });
    const l2 = driver.gp("L2");
    expect(l2.say("mijn sessies als leider")[0]?.text).toContain("niet als sessieleider");

    expect(await cli(env(), "sessions", "leader", "S2", "memory:L2")).toMatchObject({
      code: 0,
      out: "memory:L2 now leads S2.\n",
    });
    expect((await cli(env(), "sessions", "leader", "S2")).out).toBe("memory:L2\n");
    expect(l2.say("mijn sessies als leider")[0]?.text).toContain("S2");
    expect(auditEntries(driver.ctx.db)[0]).toMatchObject({ action: "session.leader", subject: "S2" });

    const unknown = await cli(env(), "sessions", "leader", "NOPE", "memory:L2");
    expect(unknown).toMatchObject({ code: 1, err: "No session with id NOPE.\n" });
    const badKey = await cli(env(), "sessions", "leader", "S2", "fax:123");
    expect(badKey.code).toBe(1);
    expect(badKey.err).toContain("platform:userId");

    expect((await cli(env(), "sessions", "leader", "S2", "--remove")).code).toBe(0);
    expect(l2.say("mijn sessies als leider")[0]?.text).toContain("niet als sessieleider");
  });
});

describe("a leader in chat", () => {
  const csv = sessionsCsv([
    { id: "S1", city: "Utrecht", capacity: 2, leaderId: "memory:L1" },
    { id: "S2", city: "Zwolle", region: "Overijssel", leaderId: "memory:L2" },
  ]);

  it("sees only their own sessions; others are refused politely", () => {
    driver = new Driver({ sessionsCsv: csv });
    const l1 = driver.gp("L1");
    const [mine] = l1.say("mijn sessies als leider");
    expect(mine?.text).toContain("U leidt 1 denksessie.");
    expect(mine?.text).toContain("Utrecht");
    expect(mine?.text).not.toContain("Zwolle");
    expect(findActions(mine).map((a) => a.value)).not.toContain("S2");

    expect(l1.click("leader.roster", "S2")[0]?.text).toContain("alleen de sessieleider van deze denksessie");
    expect(l1.click("leader.message.send", "S2", { message: "Hallo", urgent: "yes" })[0]?.text).toContain(
      "alleen de sessieleider",
    );
    const gp = driver.gp("G1", "en-GB");
    expect(gp.say("my sessions as leader")[0]?.text).toContain("not linked to a session as its leader");
    expect(gp.click("leader.roster", "S1")[0]?.text).toContain("Only the leader of this session");
    expect(gp.say("verslagen")[0]?.text).toContain("Only an organiser");

    // The help reply has the leader's button for leaders only.
    expect(findActions(l1.say("help")[0]).map((a) => a.id)).toContain("leader.sessions");
    expect(findActions(gp.say("help")[0]).map((a) => a.id)).not.toContain("leader.sessions");
    expect(findActions(gp.say("hallo")[0]).map((a) => a.id)).toEqual(["sessions.list", "signup.mine"]);
    // "sessies leiden" is a city, not the leader's list.
    expect(l1.say("sessies leiden")[0]?.text).not.toContain("U leidt");
  });

  it("shows counts and the roster with names and roles, and gives it as CSV", () => {
    driver = new Driver({ sessionsCsv: csv });
    driver.gp("G1").signUp("S1", "Dr. Sanne Bakker", "huisarts");
    driver.gp("G2").signUp("S1", "Tim de Jong", "aios");
    driver.gp("G3").signUp("S1", "Eva Smit", "other");
    const l1 = driver.gp("L1");
    const [list] = l1.say("mijn sessies als leider");
    expect(list?.blocks).toContainEqual({
      kind: "fields",
      fields: expect.arrayContaining([
        { label: "Aangemeld", value: "2 van 2" },
        { label: "Wachtlijst", value: "1" },
      ]),
    });
    const [rosterReply] = l1.press(list, "Presentielijst");
    expect(rosterReply?.text).toContain("Aangemeld (2)");
    expect(rosterReply?.text).toContain("1. Dr. Sanne Bakker (Huisarts)");
    expect(rosterReply?.text).toContain("2. Tim de Jong (Aios (huisarts in opleiding))");
    expect(rosterReply?.text).toContain("Wachtlijst (1)\n1. Eva Smit (Anders)");

    const [csvReply] = l1.press(rosterReply, "Download CSV");
    const file = csvReply?.attachments?.[0];
    expect(file).toMatchObject({ filename: "presentielijst-S1.csv", mediaType: "text/csv" });
    const lines = file?.content.trim().split("\n") ?? [];
    expect(lines[0]).toBe("name,role,status,position,signed_up_at");
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 4).join(","))).toEqual([
      "Dr. Sanne Bakker,huisarts,confirmed,1",
      "Tim de Jong,aios,confirmed,2",
      "Eva Smit,other,waitlisted,1",
    ]);
    expect(auditEntries(driver.ctx.db)[0]).toMatchObject({ actor: "memory:L1", action: "leader.roster.export" });
  });

  it("sends a message to the confirmed members only, in the sending window unless urgent, once", async () => {
    driver = new Driver({ sessionsCsv: csv });
    for (const id of ["G1", "G2", "G3", "G4"]) driver.gp(id).signUp("S1");
    driver.gp("G1").click("signup.cancel.confirm", "S1"); // G3 is promoted, G4 stays on the waitlist
    await driver.deliver();
    driver.adapter.sent.length = 0;

    // Tuesday 1 June 2027, 20:00 in Amsterdam: after the sending hours.
    driver.clock.set(Date.UTC(2027, 5, 1, 18, 0));
    const l1 = driver.gp("L1");
    const [form] = l1.click("leader.message", "S1");
    expect(form?.form?.submit.id).toBe("leader.message.send");
    expect(inputs(form).map((i) => [i.id, i.multiline ?? false, i.maxLength])).toEqual([
      ["message", true, 1000],
      ["urgent", false, undefined],
    ]);
    const [empty] = l1.click("leader.message.send", "S1", { message: "  ", urgent: "no" });
    expect(inputs(empty)[0]?.error).toContain("Schrijf een bericht");

    const words = "De zaal is verplaatst naar zaal 2.\nParkeren kan achter het gebouw.";
    const [queued] = l1.click("leader.message.send", "S1", { message: words, urgent: "no" });
    expect(queued?.text).toContain("naar 2 deelnemers (vanaf wo 2 jun, 08:00)");
    await driver.deliver();
    expect(driver.adapter.sent).toHaveLength(0);
    driver.clock.set(Date.UTC(2027, 5, 2, 6, 0));
    await driver.deliver();
    expect(driver.inbox("G2")[0]?.text).toContain(words);
    expect(driver.inbox("G2")[0]?.text).toContain("Bericht van sessieleider Anne de Vries");
    expect(driver.inbox("G3")).toHaveLength(1);
    expect(driver.inbox("G1")).toHaveLength(0);
    expect(driver.inbox("G4")).toHaveLength(0);

    // A double click sends nothing twice; an urgent message goes at once, also at night.
    expect(l1.click("leader.message.send", "S1", { message: words, urgent: "no" })[0]?.text).toContain("al verstuurd");
    driver.clock.set(Date.UTC(2027, 5, 2, 22, 0));
    expect(
      l1.click("leader.message.send", "S1", { message: "Vandaag geen koffie.", urgent: "yes" })[0]?.text,
    ).toContain("(meteen)");
    await driver.deliver();
    expect(driver.inbox("G2")).toHaveLength(2);
    expect(driver.inbox("G4")).toHaveLength(0);

    const logged = auditEntries(driver.ctx.db).filter((e) => e.action === "leader.message");
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({ actor: "memory:L1", subject: "S1", detail: "recipients=2 urgent=true" });
    expect(JSON.stringify(logged)).not.toContain("koffie");
  });
});

describe("attendance", () => {
  it("is marked by the leader from the start of the session and exported by organisers", async () => {
    driver = new Driver({
      now: beforeHeld,
      sessionsCsv: sessionsCsv([
        { id: "H1", date: heldDate, capacity: 3, leaderId: "memory:L1" },
        { id: "H2", date: "2025-09-17", city: "Zwolle", region: "Overijssel", leaderId: "memory:L2" },
      ]),
    });
    driver.gp("G1").signUp("H1", "Anna Aalders");
    driver.gp("G2").signUp("H1", "Bert Bos", "aios");
    driver.gp("G3").signUp("H2", "Cor Claes");
    const l1 = driver.gp("L1");
    expect(l1.click("leader.attendance", "H1")[0]?.text).toContain("vanaf het begin van de sessie");

    driver.clock.set(duringHeld);
    const [form] = l1.click("leader.attendance", "H1");
    const [list] = inputs(form);
    expect(list?.multiple).toBe(true);
    expect(list?.options?.map((o) => o.label)).toEqual([
      "Anna Aalders (Huisarts)",
      "Bert Bos (Aios (huisarts in opleiding))",
    ]);
    const anna = list?.options?.[0]?.value ?? "";

    const [wrong] = l1.click("leader.attendance.save", "H1", { attended: `${anna},99999` });
    expect(inputs(wrong)[0]?.error).toContain("Kies alleen deelnemers");
    const [saved] = l1.click("leader.attendance.save", "H1", { attended: anna });
    expect(saved?.text).toContain("1 van 2 aanwezig");
    expect(inputs(l1.click("leader.attendance", "H1")[0])[0]?.value).toBe(anna);
    expect(driver.gp("L2").click("leader.attendance.save", "H1", { attended: "" })[0]?.text).toContain(
      "alleen de sessieleider",
    );

    const one = await cli(env(), "attendance", "export", "H1");
    expect(one.out.trim().split("\n")).toEqual([
      "session_id,session,city,date,name,role,attended",
      "H1,Denksessie Utrecht,Utrecht,2025-09-16,Anna Aalders,huisarts,yes",
      "H1,Denksessie Utrecht,Utrecht,2025-09-16,Bert Bos,aios,no",
    ]);
    const all = JSON.parse((await cli(env(), "attendance", "export", "--format", "json")).out) as {
      name: string;
      attended: string;
    }[];
    expect(all.map((r) => [r.name, r.attended])).toEqual([
      ["Anna Aalders", "yes"],
      ["Bert Bos", "no"],
      ["Cor Claes", ""],
    ]);
  });
});

describe("the leaders' replies", () => {
  it("fit Slack's and Teams' limits, also with 120 attendees and the report forms", () => {
    driver = new Driver({
      now: beforeHeld,
      sessionsCsv: sessionsCsv([{ id: "BIG", date: heldDate, capacity: 120, leaderId: "memory:L1" }]),
    });
    for (let i = 0; i < 120; i++)
      driver.gp(`G${i}`).signUp("BIG", `Dokter met een heel lange naam nummer ${i} uit de regio`);
    const l1 = driver.gp("L1");
    const replies: Reply[] = [
      ...l1.say("hallo"),
      ...l1.say("mijn sessies als leider"),
      ...l1.click("leader.roster", "BIG"),
      ...l1.click("leader.message", "BIG"),
    ];
    driver.clock.set(duringHeld);
    const [attendance] = l1.click("leader.attendance", "BIG");
    expect(inputs(attendance).map((i) => i.options?.length)).toEqual([50, 50, 20]);
    replies.push(attendance as Reply, ...l1.click("leader.report", "BIG"));
    for (const part of ["mgz", "spoed", "palliatief", "preventie", "general"]) {
      replies.push(...l1.click("leader.report.part", `BIG:${part}`));
    }
    for (const reply of replies) expect(overPlatformLimits(reply), reply.text.slice(0, 60)).toEqual([]);
    expect(replies.every((r) => r.text.length > 0)).toBe(true);
  });
});
