// The caches behind the sign-up path (invite bodies, formatted dates) must never answer with stale content.
import { describe, expect, it } from "vitest";
import { inviteCacheLimit, inviteCacheSize, sessionInvite } from "../src/domain/calendar.js";
import { setSessionStatus } from "../src/domain/sessions.js";
import { formatDate, formatDateTime, formatRange, formattedLimit, formattedSize, monthOf } from "../src/i18n/dates.js";
import { currentInvite } from "../src/services/invites.js";
import type { Session } from "../src/types.js";
import { Driver, sessionsCsv } from "./support/driver.js";

const zone = "Europe/Amsterdam";
const session: Session = {
  id: "CACHE-1",
  title: "Denksessie Zwolle",
  startsAt: Date.UTC(2027, 2, 28, 0, 30), // 01:30 CET, the night the clocks go forward
  endsAt: Date.UTC(2027, 2, 28, 2, 0), // 04:00 CEST
  venue: "Huisartsenpost",
  address: "Dokter van Heesweg 2",
  city: "Zwolle",
  region: "Overijssel",
  leaderName: "Anna de Vries",
  capacity: 12,
  audience: "both",
  signupDeadline: null,
  status: "open",
  notes: "",
  isExample: false,
  revision: 1,
};
const line = (ics: string, name: string) => ics.split(/\r?\n/).find((l) => l.startsWith(`${name}`));

describe("invite cache", () => {
  it("stamps every invite afresh, in UTC", () => {
    const first = sessionInvite(session, { zone, now: Date.UTC(2027, 0, 5, 9, 15, 7, 450) }).content;
    const second = sessionInvite(session, { zone, now: Date.UTC(2027, 0, 6, 23, 59, 59) }).content;
    expect(line(first, "DTSTAMP:")).toBe("DTSTAMP:20270105T091507Z");
    expect(line(second, "DTSTAMP:")).toBe("DTSTAMP:20270106T235959Z");
    expect(second.replace(/DTSTAMP:\S+/, "")).toBe(first.replace(/DTSTAMP:\S+/, ""));
    // Within one second the stamp is the same; the next second and an earlier moment get their own.
    const stamp = (now: number) => line(sessionInvite(session, { zone, now }).content, "DTSTAMP:");
    expect(stamp(Date.UTC(2027, 0, 5, 9, 15, 7, 999))).toBe("DTSTAMP:20270105T091507Z");
    expect(stamp(Date.UTC(2027, 0, 5, 9, 15, 8))).toBe("DTSTAMP:20270105T091508Z");
    expect(stamp(Date.UTC(2027, 0, 5, 9, 15, 7, 1))).toBe("DTSTAMP:20270105T091507Z");
  });

  it("builds afresh for a new revision, new details, another zone or a cancellation", () => {
    const now = Date.UTC(2027, 0, 5);
    const original = sessionInvite(session, { zone, now }).content;
    const revised = sessionInvite({ ...session, revision: 2, venue: "Isala" }, { zone, now }).content;
    expect(line(revised, "SEQUENCE:")).toBe("SEQUENCE:2");
    expect(line(revised, "LOCATION:")).toContain("Isala");
    expect(line(original, "SEQUENCE:")).toBe("SEQUENCE:1");
    // Same revision, other details (an edit that forgot to bump it) is still a different invite.
    const retitled = sessionInvite({ ...session, title: "Nieuwe titel" }, { zone, now }).content;
    expect(line(retitled, "SUMMARY:")).toBe("SUMMARY:Nieuwe titel");
    const cancelled = sessionInvite(session, { zone, now, cancelled: true }).content;
    expect(line(cancelled, "METHOD:")).toBe("METHOD:CANCEL");
    expect(line(cancelled, "STATUS:")).toBe("STATUS:CANCELLED");
    const london = sessionInvite(session, { zone: "Europe/London", now }).content;
    expect(line(london, "TZID:")).toBe("TZID:Europe/London");
    expect(line(london, "DTSTART;")).toBe("DTSTART;TZID=Europe/London:20270328T003000");
    expect(line(sessionInvite(session, { zone, now }).content, "DTSTART;")).toBe(
      "DTSTART;TZID=Europe/Amsterdam:20270328T013000",
    );
    const otherDomain = sessionInvite(session, { zone, now, uidDomain: "example.nl" }).content;
    expect(line(otherDomain, "UID:")).toBe("UID:session-CACHE-1@example.nl");
  });

  it("stays bounded", () => {
    for (let i = 0; i < inviteCacheLimit + 10; i++) sessionInvite({ ...session, revision: 100 + i }, { zone, now: 0 });
    expect(inviteCacheSize()).toBeLessThanOrEqual(inviteCacheLimit);
  });
});

describe("formatted dates cache", () => {
  it("answers per moment, zone and locale, across DST", () => {
    expect(formatDateTime(session.startsAt, zone, "nl")).toBe("zo 28 mrt, 01:30");
    expect(formatDateTime(session.endsAt, zone, "nl")).toBe("zo 28 mrt, 04:00");
    expect(formatDateTime(session.startsAt, zone, "en")).toBe("Sun 28 Mar, 01:30");
    expect(formatDateTime(session.startsAt, "Europe/London", "nl")).toBe("zo 28 mrt, 00:30");
    expect(formatRange(session.startsAt, session.endsAt, zone, "nl")).toBe("zo 28 mrt, 01:30–04:00");
    expect(formatRange(session.startsAt, session.endsAt + 86_400_000, zone, "en")).toBe(
      "Sun 28 Mar, 01:30–Mon 29 Mar, 04:00",
    );
    expect(formatDate(session.startsAt, zone, "nl")).toBe("28 maart 2027");
    expect(formatDate(session.startsAt, zone, "en")).toBe("28 March 2027");
    // 23:30 UTC on 31 Jan is already February in Amsterdam, still January in London.
    expect(monthOf(Date.UTC(2027, 0, 31, 23, 30), zone)).toBe(2);
    expect(monthOf(Date.UTC(2027, 0, 31, 23, 30), "Europe/London")).toBe(1);
  });

  it("stays bounded", () => {
    for (let i = 0; i < formattedLimit + 10; i++) formatDateTime(i * 60_000, zone, "nl");
    expect(formattedSize()).toBeLessThanOrEqual(formattedLimit);
    expect(formatDateTime(session.startsAt, zone, "nl")).toBe("zo 28 mrt, 01:30");
  });
});

describe("an invite rebuilt from its reference (calendar links)", () => {
  it("follows the session as it is now: a later revision, a cancellation, or gone", () => {
    const driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "REF1", city: "Utrecht" }]) });
    try {
      const invite = driver.gp("A").signUp("REF1").attachments?.[0];
      if (!invite?.invite) throw new Error("no invite reference");
      expect(currentInvite(driver.ctx, invite.invite)?.content.replace(/DTSTAMP:\S+/, "")).toBe(
        invite.content.replace(/DTSTAMP:\S+/, ""),
      );
      driver.importCsv(sessionsCsv([{ id: "REF1", city: "Zwolle" }]));
      const revised = currentInvite(driver.ctx, invite.invite)?.content ?? "";
      expect(line(revised, "SEQUENCE:")).toBe(`SEQUENCE:${invite.invite.revision + 1}`);
      expect(line(revised, "LOCATION:")).toContain("Zwolle");
      setSessionStatus(driver.ctx.db, "REF1", "cancelled", driver.clock.now());
      expect(line(currentInvite(driver.ctx, invite.invite)?.content ?? "", "STATUS:")).toBe("STATUS:CANCELLED");
      expect(currentInvite(driver.ctx, { ...invite.invite, sessionId: "GONE" })).toBeUndefined();
    } finally {
      driver.close();
    }
  });
});
