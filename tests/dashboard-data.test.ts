import { afterEach, describe, expect, it } from "vitest";
import { markAttendance } from "../src/domain/attendance.js";
import { memberIdOfKey } from "../src/domain/identities.js";
import { linkLeader } from "../src/domain/leaders.js";
import { ensureMember, setProfile } from "../src/domain/members.js";
import { saveDraft, submitReport } from "../src/domain/reports.js";
import { setSessionStatus, upsertSession } from "../src/domain/sessions.js";
import { cancelSignup, signUp } from "../src/domain/signups.js";
import { overviewFor } from "../src/services/dashboard/overview.js";
import { reportsFor } from "../src/services/dashboard/reports.js";
import { sessionDetailFor } from "../src/services/dashboard/session-detail.js";
import { parseLocalDateTime } from "../src/time/local-time.js";
import type { Role } from "../src/types.js";
import { Driver, june2027, sessionsCsv } from "./support/driver.js";

// The dashboard's session pages as data: counts, days to go, what needs attention, and a leader seeing only the
// sessions they lead.

let driver: Driver;
afterEach(() => driver?.close());

const day = 86_400_000;
const organiser = { memberId: 0, scope: "organiser" as const };

/** Members M1… with a role, signed up for a session at `at`. */
function signUps(sessionId: string, count: number, at: number, role: Role = "huisarts", from = 1): number[] {
  const { db } = driver.ctx;
  return Array.from({ length: count }, (_, i) => {
    const member = ensureMember(db, "memory", `${sessionId}-M${from + i}`, at, `dm-${sessionId}-${from + i}`);
    setProfile(db, member.id, `Dokter ${i}`, role);
    signUp(db, sessionId, member.id, role, at);
    return member.id;
  });
}

const leaderId = (userId: string) => memberIdOfKey(driver.ctx.db, { platform: "memory", userId }) ?? -1;

/** 1 June 2027 (Tuesday), 10:00 in Amsterdam: A and B are four days off, C nineteen, D is cancelled. */
function seed(): void {
  driver = new Driver({
    sessionsCsv: sessionsCsv([
      { id: "A", date: "2027-06-05", capacity: 10, leaderId: "memory:L1" },
      { id: "B", date: "2027-06-05", capacity: 2, city: "Zwolle", region: "Overijssel", leaderId: "memory:L2" },
      { id: "C", date: "2027-06-20", capacity: 10, leaderId: "memory:L1" },
      { id: "D", date: "2027-06-03", capacity: 10 },
    ]),
  });
  signUps("A", 2, june2027 - 3 * day);
  signUps("A", 1, june2027 - day, "aios", 3);
  signUps("B", 3, june2027 - day);
  signUps("C", 1, june2027);
  signUps("D", 1, june2027);
  setSessionStatus(driver.ctx.db, "D", "cancelled", june2027);
}

describe("the dashboard overview", () => {
  it("counts each session's places, waitlist and days to go, and flags the under-half-full a week before", () => {
    seed();
    const overview = overviewFor(driver.ctx, organiser);
    const pick = overview.sessions.map((s) => [
      s.id,
      s.confirmed,
      s.waitlisted,
      s.capacity,
      s.daysToGo,
      s.needsAttention,
    ]);
    expect(pick).toEqual([
      ["D", 1, 0, 10, 2, false],
      ["A", 3, 0, 10, 4, true],
      ["B", 2, 1, 2, 4, false],
      ["C", 1, 0, 10, 19, false],
    ]);
    expect(overview.sessions.find((s) => s.id === "B")).toMatchObject({ city: "Zwolle", region: "Overijssel" });
    expect(overview.sessions.find((s) => s.id === "D")?.status).toBe("cancelled");
    // The cancelled session is in neither the totals nor the chart, which ends at the totals' sign-ups.
    expect(overview.totals).toEqual({ sessions: 3, capacity: 22, confirmed: 6, waitlisted: 1 });
    expect(overview.signupsOverTime).toEqual([
      { day: "2027-05-29", count: 2 },
      { day: "2027-05-30", count: 2 },
      { day: "2027-05-31", count: 6 },
      { day: "2027-06-01", count: 7 },
    ]);
  });

  it("no longer counts a cancelled sign-up, and the waitlist moves up", () => {
    seed();
    cancelSignup(driver.ctx.db, "B", ensureMember(driver.ctx.db, "memory", "B-M1", june2027).id, june2027);
    const b = overviewFor(driver.ctx, organiser).sessions.find((s) => s.id === "B");
    expect([b?.confirmed, b?.waitlisted]).toEqual([2, 0]);
    expect(overviewFor(driver.ctx, organiser).signupsOverTime.at(-1)).toEqual({ day: "2027-06-01", count: 6 });
  });

  it("shows a leader only the sessions they lead, sign-ups over time included", () => {
    seed();
    const l1 = { memberId: leaderId("L1"), scope: "leader" as const };
    const overview = overviewFor(driver.ctx, l1);
    expect(overview.sessions.map((s) => s.id)).toEqual(["A", "C"]);
    expect(overview.totals).toEqual({ sessions: 2, capacity: 20, confirmed: 4, waitlisted: 0 });
    expect(overview.signupsOverTime.at(-1)).toEqual({ day: "2027-06-01", count: 4 });
    expect(overviewFor(driver.ctx, { memberId: leaderId("L2"), scope: "leader" }).sessions.map((s) => s.id)).toEqual([
      "B",
    ]);
  });

  it("counts days in Amsterdam across the end of summer time", () => {
    driver = new Driver();
    const zone = driver.ctx.config.BOT_TIMEZONE;
    const at = (text: string) => parseLocalDateTime(text, zone) ?? Number.NaN;
    // Sunday 31 October 2027 the clocks go back: 8 calendar days, though only 7 days and 2 hours in UTC's days.
    driver.clock.set(at("2027-10-24 23:30"));
    for (const [id, startsAt] of [
      ["EIGHT", at("2027-11-01 00:30")],
      ["SEVEN", at("2027-10-31 23:30")],
    ] as const) {
      upsertSession(
        driver.ctx.db,
        {
          id,
          title: id,
          startsAt,
          endsAt: startsAt + 3_600_000,
          venue: "Zaal",
          address: "",
          city: "Utrecht",
          region: "Utrecht",
          leaderName: "Anne",
          capacity: 10,
          audience: "both",
          signupDeadline: null,
          status: "open",
          notes: "",
        },
        0,
      );
    }
    const fills = overviewFor(driver.ctx, organiser).sessions.map((s) => [s.id, s.daysToGo, s.needsAttention]);
    expect(fills).toEqual([
      ["SEVEN", 7, true],
      ["EIGHT", 8, false],
    ]);
  });
});

describe("the dashboard's session detail", () => {
  it("counts by role, and attendance once the session was held", () => {
    seed();
    const before = sessionDetailFor(driver.ctx, organiser, "A");
    expect(before?.session).toMatchObject({ id: "A", venue: "Zaal 1", audience: "both", leaderName: "Anne de Vries" });
    expect(before?.byRole).toEqual([
      { role: "aios", confirmed: 1, waitlisted: 0 },
      { role: "huisarts", confirmed: 2, waitlisted: 0 },
    ]);
    expect(before?.attendance).toBeUndefined();
    expect(before?.report).toBe("not_due");

    const held = Date.UTC(2027, 5, 5, 21, 0);
    markAttendance(driver.ctx.db, "A", [ensureMember(driver.ctx.db, "memory", "A-M1", held).id], held);
    signUps("A", 1, june2027, "huisarts", 9);
    driver.clock.set(held);
    const after = sessionDetailFor(driver.ctx, organiser, "A");
    expect(after?.attendance).toEqual({ attended: 1, absent: 2, unrecorded: 1 });
    expect(after?.report).toBe("missing");
    expect(after?.session.daysToGo).toBe(0);
  });

  it("is nothing for a session that does not exist, or one the leader does not lead", () => {
    seed();
    expect(sessionDetailFor(driver.ctx, organiser, "NOPE")).toBeUndefined();
    const l1 = { memberId: leaderId("L1"), scope: "leader" as const };
    expect(sessionDetailFor(driver.ctx, l1, "A")?.session.id).toBe("A");
    expect(sessionDetailFor(driver.ctx, l1, "B")).toBeUndefined();
    expect(sessionDetailFor(driver.ctx, l1, "D")).toBeUndefined();
    expect(sessionDetailFor(driver.ctx, organiser, "B")?.byRole).toEqual([
      { role: "huisarts", confirmed: 2, waitlisted: 1 },
    ]);
  });
});

describe("the dashboard's reports", () => {
  it("says which sessions owe, draft or submitted a report; a leader sees their own", () => {
    seed();
    const { db } = driver.ctx;
    linkLeader(db, "C", { platform: "memory", userId: "L1" }, june2027);
    saveDraft(db, "A", { answers: { "mgz.basis": "x" } }, "1", june2027);
    saveDraft(db, "B", { answers: { "mgz.basis": "y" } }, "1", june2027);
    submitReport(db, "B", june2027);
    driver.clock.set(Date.UTC(2027, 5, 10, 8, 0));
    const rows = reportsFor(driver.ctx, organiser).sessions;
    expect(rows.map((r) => [r.sessionId, r.state, r.leaderLinked])).toEqual([
      ["A", "draft", true],
      ["B", "submitted", true],
      ["C", "not_due", true],
    ]);
    expect(rows[0]).toMatchObject({ title: "Denksessie Utrecht", leaderName: "Anne de Vries" });
    const own = reportsFor(driver.ctx, { memberId: leaderId("L2"), scope: "leader" }).sessions;
    expect(own.map((r) => r.sessionId)).toEqual(["B"]);
    driver.clock.set(Date.UTC(2027, 5, 21, 8, 0));
    expect(reportsFor(driver.ctx, organiser).sessions.find((r) => r.sessionId === "C")?.state).toBe("missing");
  });
});
