import { describe, expect, it } from "vitest";
import { sessionInvite } from "../src/domain/calendar.js";
import { formatDateTime, formatRange } from "../src/i18n/dates.js";
import { defaultWindow, inWindow, nextInWindow } from "../src/time/quiet-hours.js";
import type { Session } from "../src/types.js";

const zone = "Europe/Amsterdam";

describe("dates in Dutch style, in Amsterdam time", () => {
  it("formats summer and winter times with the right offset", () => {
    expect(formatDateTime(Date.UTC(2027, 8, 14, 17, 30), zone, "nl")).toBe("di 14 sep, 19:30");
    expect(formatDateTime(Date.UTC(2027, 11, 14, 18, 30), zone, "nl")).toBe("di 14 dec, 19:30");
    expect(formatDateTime(Date.UTC(2027, 8, 14, 17, 30), zone, "en")).toBe("Tue 14 Sep, 19:30");
    expect(formatRange(Date.UTC(2027, 8, 14, 17, 30), Date.UTC(2027, 8, 14, 20, 0), zone, "nl")).toBe(
      "di 14 sep, 19:30–22:00",
    );
  });
});

describe("calendar invite", () => {
  const session: Session = {
    id: "DS27-04",
    title: "Denksessie Utrecht",
    startsAt: Date.UTC(2027, 9, 31, 13, 0), // the Sunday clocks go back: 14:00 CET
    endsAt: Date.UTC(2027, 9, 31, 15, 30),
    venue: "Domus Medica",
    address: "Mercatorlaan 1200",
    city: "Utrecht",
    region: "Utrecht",
    leaderName: "Daan Jansen",
    capacity: 15,
    audience: "both",
    signupDeadline: null,
    status: "open",
    notes: "",
    isExample: false,
    revision: 3,
  };

  it("carries the zone, the place and a stable UID", () => {
    const ics = sessionInvite(session, { zone, now: Date.UTC(2027, 5, 1) }).content;
    expect(ics).toContain("BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam");
    expect(ics).toContain("DTSTART;TZID=Europe/Amsterdam:20271031T140000");
    expect(ics).toContain("UID:session-DS27-04@spreekuur.app");
    expect(ics).toContain("SEQUENCE:3");
    expect(ics).toContain("DTSTAMP:20270601T000000Z");
    expect(ics).toContain("LOCATION:Domus Medica\\, Mercatorlaan 1200\\, Utrecht");
    expect(sessionInvite(session, { zone, now: 0, cancelled: true }).content).toContain("STATUS:CANCELLED");
  });
});

describe("quiet hours", () => {
  const window = defaultWindow(zone);
  const at = (iso: string) => new Date(iso).getTime();

  it("allows weekdays 08:00–18:00 Amsterdam time only", () => {
    expect(inWindow(at("2027-09-14T06:00:00Z"), window)).toBe(true); // Tue 08:00 CEST
    expect(inWindow(at("2027-09-14T05:59:00Z"), window)).toBe(false);
    expect(inWindow(at("2027-09-14T16:00:00Z"), window)).toBe(false); // 18:00
    expect(inWindow(at("2027-09-18T10:00:00Z"), window)).toBe(false); // Saturday
  });

  it("skips King's Day, Easter Monday and Ascension", () => {
    expect(inWindow(at("2027-04-27T10:00:00Z"), window)).toBe(false); // Koningsdag (Tue)
    expect(inWindow(at("2027-03-29T10:00:00Z"), window)).toBe(false); // Tweede paasdag
    expect(inWindow(at("2027-05-06T10:00:00Z"), window)).toBe(false); // Hemelvaartsdag
    expect(inWindow(at("2027-04-28T10:00:00Z"), window)).toBe(true);
  });

  it("moves a nudge at 3 a.m. on Friday before Easter to Tuesday 08:00", () => {
    // Good Friday 26 March 2027 is a working day in the Netherlands; 03:00 → 08:00 the same day.
    expect(new Date(nextInWindow(at("2027-03-26T02:00:00Z"), window)).toISOString()).toBe("2027-03-26T07:00:00.000Z");
    // Saturday evening → Tuesday 08:00 (Easter Monday skipped), now in summer time.
    expect(new Date(nextInWindow(at("2027-03-27T19:00:00Z"), window)).toISOString()).toBe("2027-03-30T06:00:00.000Z");
  });
});
