import { describe, expect, it } from "vitest";
import { formatLocalDateTime, parseLocalDateTime, wallClockTime } from "../src/time/local-time.js";

// The one parser for typed times (broadcast "send at", poll and survey opening and closing).

const zone = "Europe/Amsterdam";
const nine = Date.UTC(2027, 5, 2, 7, 0); // 09:00 summer time

describe("parseLocalDateTime", () => {
  it("reads the forms people type, in the bot's zone", () => {
    expect(parseLocalDateTime("2027-06-02 09:00", zone)).toBe(nine);
    expect(parseLocalDateTime(" 2027-06-02T09:00 ", zone)).toBe(nine);
    expect(parseLocalDateTime("2027-06-02 9:00", zone)).toBe(nine);
    expect(parseLocalDateTime("2027-06-02T09:00:00", zone)).toBe(nine);
    expect(parseLocalDateTime("2027-06-02T07:00Z", zone)).toBe(nine);
    // The Dutch order, as Dutch forms ask it; and back.
    expect(parseLocalDateTime("02-06-2027 09:00", zone)).toBe(nine);
    expect(parseLocalDateTime("2-6-2027 9:00", zone)).toBe(nine);
    expect(formatLocalDateTime(nine, zone, "dutch")).toBe("02-06-2027 09:00");
    expect(parseLocalDateTime("31-02-2027 09:00", zone)).toBeUndefined();
  });

  it("refuses what is not a time", () => {
    expect(["", "morgen", "2027-13-02 09:00", "2027-06-02 25:00"].map((t) => parseLocalDateTime(t, zone))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("reads a session file's date and clock columns the same way", () => {
    expect(wallClockTime("2027-06-02", "9:00", zone).toMillis()).toBe(nine);
    expect(wallClockTime("2027-02-30", "09:00", zone).isValid).toBe(false);
  });

  it("formats back to the typed form", () => {
    expect(formatLocalDateTime(nine, zone)).toBe("2027-06-02 09:00");
  });
});
