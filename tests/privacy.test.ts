import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../adapters/cli/main.js";
import { createCore } from "../src/core.js";
import { audit, forgetInAudit } from "../src/domain/audit.js";
import { addRecipient, createCampaign } from "../src/domain/campaigns.js";
import { findMember } from "../src/domain/members.js";
import { answer, createPoll, openRound } from "../src/domain/polls.js";
import { personalDataSections, tablesWithoutPersonalData } from "../src/domain/privacy-sections.js";
import { getSession } from "../src/domain/sessions.js";
import { createLogger } from "../src/log.js";
import { applyRetention, eraseMember, exportMemberData } from "../src/services/member-data.js";
import type { Db } from "../src/storage/db.js";
import { Driver, sessionsCsv } from "./support/driver.js";
import { busyPlatform, people, rowsOf, textColumnsHolding } from "./support/erasure-fixture.js";

let driver: Driver;
afterEach(() => driver?.close());

function allRows(db: Db): { table: string; row: Record<string, unknown> }[] {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as {
    name: string;
  }[];
  return tables.flatMap(({ name }) =>
    (db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]).map((row) => ({ table: name, row })),
  );
}

/** Rows that name the member: their platform id, roster name or conversation, or their internal id in a member column. */
function rowsNaming(db: Db, ids: { userId: string; name: string; memberId: number }): string[] {
  return allRows(db)
    .filter(({ row }) => {
      const text = JSON.stringify(row);
      const byMemberColumn = Object.entries(row).some(
        ([column, value]) => /member_id$/.test(column) && value === ids.memberId,
      );
      return text.includes(ids.userId) || text.includes(ids.name) || byMemberColumn;
    })
    .map(({ table, row }) => `${table}: ${JSON.stringify(row)}`);
}

function busyDriver(): Driver {
  driver = new Driver({
    sessionsCsv: sessionsCsv([
      { id: "S1", capacity: 1 },
      { id: "S2", capacity: 1, city: "Zwolle", region: "Overijssel" },
    ]),
    env: { ORGANISERS: "memory:doc-1" },
  });
  driver.gp("doc-1").signUp("S1", "Dr. Erasmus Wisse");
  driver.gp("doc-2").signUp("S1", "Dr. Tweede");
  driver.gp("doc-2").signUp("S2", "Dr. Tweede");
  driver.gp("doc-1").signUp("S2", "Dr. Erasmus Wisse");
  // A named and an anonymous poll answer, and a survey invitation with a personal link.
  const { db } = driver.ctx;
  const now = driver.clock.now();
  const doc1 = findMember(db, "memory", "doc-1");
  if (!doc1) throw new Error("setup");
  for (const anonymous of [false, true]) {
    const poll = createPoll(
      db,
      {
        question: anonymous ? "Anoniem?" : "Met naam?",
        kind: "single",
        options: ["ja", "nee"],
        anonymous,
        audience: { kind: "everyone" },
        startsAt: now,
        scheduleCron: null,
        openMs: 86_400_000,
        until: null,
        showRunning: false,
        shareResults: false,
      },
      doc1.id,
      now,
    );
    const round = openRound(db, poll, now);
    if (!round) throw new Error("setup");
    answer(db, round.id, doc1.id, [0], now);
  }
  const campaign = createCampaign(
    db,
    {
      title: "Enquête",
      url: "https://example.org/enquete",
      opensAt: now,
      closesAt: now + 86_400_000,
      audience: { kind: "everyone" },
      reminderCron: null,
      maxReminders: 0,
      personalLinks: true,
    },
    "memory:doc-1",
    now,
  );
  addRecipient(db, campaign, doc1.id);
  return driver;
}

describe("a member's data", () => {
  it("every table is covered by a personal-data section or declared free of personal data", async () => {
    driver = new Driver();
    const covered = new Set([...personalDataSections.flatMap((s) => s.tables), ...tablesWithoutPersonalData]);
    const all = (
      driver.ctx.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all() as { name: string }[]
    ).map((t) => t.name);
    expect(all.filter((name) => !covered.has(name))).toEqual([]);
    driver.close();

    // And the sections really cover it: after erasure no TEXT column of any table holds the member's user id or
    // DM conversation (a Slack message id is `D…/ts`; audit details name members), and nobody else's rows changed.
    for (const platform of ["slack", "teams"] as const) {
      const busy = await busyPlatform(platform);
      driver = busy.driver;
      const { db } = driver.ctx;
      const { erased, other } = people[platform];
      expect(textColumnsHolding(db, [erased.user, erased.dm]).length).toBeGreaterThan(5);
      const othersBefore = rowsOf(db, other, busy.other.id);
      eraseMember(driver.ctx, busy.erased);
      expect(textColumnsHolding(db, [erased.user, erased.dm]), platform).toEqual([]);
      expect(rowsOf(db, erased, busy.erased.id), platform).toEqual([]);
      expect(rowsOf(db, other, busy.other.id), platform).toEqual(othersBefore);
      // The audit still says an erasure happened and what the organiser did, not who.
      expect(db.prepare("SELECT actor, subject, detail FROM audit_log WHERE action = 'member.erase'").all()).toEqual([
        { actor: "erased", subject: null, detail: null },
      ]);
      expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'broadcast.confirm'").get()).toEqual({
        n: 1,
      });
      // The messages stay as counts: sent, to nobody.
      expect(
        db
          .prepare(
            "SELECT count(*) AS n FROM outbox WHERE status = 'sent' AND member_id IS NULL AND message_id IS NULL",
          )
          .get(),
      ).toEqual({ n: 1 });
      driver.close();
    }
  });

  it("export holds the member's rows from every section and nothing of others", async () => {
    busyDriver();
    await driver.deliver();
    const member = findMember(driver.ctx.db, "memory", "doc-1");
    if (!member) throw new Error("member missing");
    const data = exportMemberData(driver.ctx, member);
    expect(Object.keys(data)).toEqual(personalDataSections.map((s) => s.name));
    expect(data.profile).toEqual([expect.objectContaining({ user_id: "doc-1", roster_name: "Dr. Erasmus Wisse" })]);
    expect(data.signups).toHaveLength(2);
    expect(data.polls).toEqual([
      expect.objectContaining({ question: "Met naam?", choices: "[0]" }),
      expect.objectContaining({ question: "Anoniem?", choices: "answered (anonymous)" }),
    ]);
    expect(data.surveys).toEqual([expect.objectContaining({ title: "Enquête", state: "invited" })]);
    expect(JSON.stringify(data)).not.toContain("doc-2");
    expect(JSON.stringify(data)).not.toContain("Dr. Tweede");
  });

  it("erasure cancels first (promoting the waitlist, who is told) and leaves no row naming the member", async () => {
    busyDriver();
    const member = findMember(driver.ctx.db, "memory", "doc-1");
    if (!member) throw new Error("member missing");
    await driver.deliver();
    eraseMember(driver.ctx, member);
    expect(rowsNaming(driver.ctx.db, { userId: "doc-1", name: "Erasmus", memberId: member.id })).toEqual([]);
    // doc-1 held S1's place: doc-2 moves up. doc-1 waited for S2: nothing changes there.
    expect(getSession(driver.ctx.db, "S1")).toMatchObject({ confirmed: 1, waitlisted: 0 });
    expect(getSession(driver.ctx.db, "S2")).toMatchObject({ confirmed: 1, waitlisted: 0 });
    await driver.deliver();
    expect(driver.inbox("doc-2").some((r) => r.text.includes("Goed nieuws"))).toBe(true);
    // Delivery totals remain, anonymised.
    const sent = driver.ctx.db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'sent'").get() as { n: number };
    expect(sent.n).toBeGreaterThan(0);
  });

  it("in chat: 'mijn gegevens' shows a summary with a JSON file; 'verwijder mijn gegevens' asks, then erases", () => {
    busyDriver();
    const gp = driver.gp("doc-1");
    const [summary] = gp.say("Mijn gegevens");
    expect(summary?.text).toContain('"Dr. Erasmus Wisse"');
    expect(summary?.text).toContain("Aanmeldingen: 2 (waarvan 1 op de wachtlijst)");
    const file = summary?.attachments?.[0];
    expect(file?.mediaType).toBe("application/json");
    expect(JSON.parse(file?.content ?? "{}").profile[0].user_id).toBe("doc-1");

    const [question] = gp.say("verwijder mijn gegevens");
    expect(question?.text).toContain("Dit kan niet ongedaan");
    expect(gp.press(question, "privacy.erase.keep")[0]?.text).toContain("niets verwijderd");
    expect(findMember(driver.ctx.db, "memory", "doc-1")?.rosterName).toBe("Dr. Erasmus Wisse");
    const [done] = gp.press(question, "privacy.erase.confirm");
    expect(done?.text).toContain("verwijderd");
    expect(findMember(driver.ctx.db, "memory", "doc-1")).toBeUndefined();
  });

  it("the CLI exports and erases for a request by mail", async () => {
    busyDriver();
    const env = { DATABASE_PATH: driver.ctx.config.DATABASE_PATH };
    let out = "";
    const io = {
      out: (text: string) => {
        out += text;
      },
      err: () => undefined,
      env,
    };
    expect(await runCli(["member", "export", "memory:doc-1"], io)).toBe(0);
    expect(JSON.parse(out).profile[0].roster_name).toBe("Dr. Erasmus Wisse");
    expect(await runCli(["member", "erase", "memory:doc-1"], io)).toBe(0);
    expect(await runCli(["member", "export", "memory:doc-1"], io)).toBe(1);
    expect(findMember(driver.ctx.db, "memory", "doc-1")).toBeUndefined();
  });

  it("retention removes sign-ups of sessions past the period and keeps the counts", () => {
    busyDriver();
    driver.clock.set(Date.UTC(2028, 9, 1)); // 13 months after the sessions
    const { removed } = applyRetention(driver.ctx);
    expect(removed.signups).toBe(4);
    expect(
      driver.ctx.db.prepare("SELECT confirmed, waitlisted FROM session_totals WHERE session_id = 'S1'").get(),
    ).toEqual({
      confirmed: 1,
      waitlisted: 1,
    });
    expect(applyRetention(driver.ctx).removed.signups).toBe(0);
  });

  it("retention removes the addresses in message ids too; the counts stay", async () => {
    driver = (await busyPlatform("slack")).driver;
    const { db } = driver.ctx;
    expect(db.prepare("SELECT count(*) AS n FROM outbox WHERE message_id IS NOT NULL").get()).toEqual({ n: 2 });
    driver.clock.set(Date.UTC(2028, 9, 1));
    applyRetention(driver.ctx);
    expect(db.prepare("SELECT status, message_id, conversation FROM outbox").all()).toEqual([
      { status: "sent", message_id: null, conversation: "" },
      { status: "sent", message_id: null, conversation: "" },
    ]);
  });

  it("erasing scrubs the audit only where the member is named, not where a longer id starts the same", () => {
    driver = new Driver();
    const { db } = driver.ctx;
    for (const [actor, detail] of [
      ["memory:doc-1", "recipients=2"],
      ["cli", "memory:doc-1"],
      ["cli", "memory:doc-10"],
      ["memory:doc-10", "doc-1x"],
    ])
      audit(db, { actor: actor ?? "", action: "a", detail: detail ?? "" }, 0);
    expect(forgetInAudit(db, ["memory:doc-1", "doc-1"])).toBe(2);
    expect(db.prepare("SELECT actor, detail FROM audit_log ORDER BY id").all()).toEqual([
      { actor: "erased", detail: "recipients=2" },
      { actor: "cli", detail: "erased" },
      { actor: "cli", detail: "memory:doc-10" },
      { actor: "memory:doc-10", detail: "doc-1x" },
    ]);
  });

  it("never logs message contents, names or tokens", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    busyDriver();
    const logged = { ...driver.ctx, log: createLogger("trace", sink) };
    const core = createCore(logged);
    const from = { platform: "memory" as const, conversation: "dm", user: "doc-9", direct: true };
    core.handle({ kind: "message", text: "geheime tekst sessies", from, eventId: "e1" });
    core.handle({ kind: "message", text: "geheime tekst sessies", from, eventId: "e1" });
    core.handle({
      kind: "action",
      actionId: "signup.profile",
      value: "S2",
      form: { roster_name: "Dr. Geheim", role: "aios" },
      from,
    });
    core.handle({ kind: "message", text: "verwijder mijn gegevens", from });
    core.handle({ kind: "action", actionId: "privacy.erase.confirm", from });
    logged.log.info({ text: "geheime tekst", token: "xoxb-secret", authorization: "Bearer abc" }, "redaction check");
    const output = lines.join("");
    expect(output).toContain("member erased on request");
    for (const secret of ["geheime", "Dr. Geheim", "xoxb-secret", "Bearer abc", "doc-9"])
      expect(output).not.toContain(secret);
  });
});
