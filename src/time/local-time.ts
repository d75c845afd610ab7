import { DateTime } from "luxon";

// The one parser of local times, as people type them ("2027-09-14 09:00") and as session files hold them (a
// date column and a clock column).

const localFormat = "yyyy-MM-dd HH:mm";

// Working out a zone's offset is most of the cost of a session row; a file has few distinct dates and times, so
// remember them.
const wallClockTimes = new Map<string, DateTime>();

/** A date ("2027-09-14") at a clock time ("9:00" or "09:00") in the zone; invalid when either is not real. */
export function wallClockTime(date: string, clock: string, zone: string): DateTime {
  const [hour = "0", minute = "0"] = clock.split(":");
  const key = `${date}T${hour.padStart(2, "0")}:${minute}|${zone}`;
  let time = wallClockTimes.get(key);
  if (!time) {
    if (wallClockTimes.size >= 10_000) wallClockTimes.clear();
    time = DateTime.fromISO(key.slice(0, key.indexOf("|")), { zone });
    wallClockTimes.set(key, time);
  }
  return time;
}

/** A Dutch date as people write it ("14-09-2027", "4-9-2027") in ISO order; other text as it is. */
function isoDate(date: string): string {
  const dutch = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(date);
  if (!dutch) return date;
  const [, day = "", month = "", year = ""] = dutch;
  return `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
}

/**
 * A typed time: "2027-09-14 09:00", "2027-09-14T9:00" or the Dutch order "14-09-2027 09:00" in the bot's zone, or any
 * ISO time (with an offset, or without one: then in the bot's zone). Epoch ms; undefined when it is not a time.
 */
export function parseLocalDateTime(text: string, zone: string): number | undefined {
  const value = text.trim();
  const [typed = "", clock, ...rest] = value.split(/[ T]/);
  const date = isoDate(typed);
  const wallClock = clock !== undefined && rest.length === 0 && /^\d{1,2}:\d{2}$/.test(clock);
  const parsed = wallClock ? wallClockTime(date, clock, zone) : DateTime.fromISO(value, { zone, setZone: false });
  return parsed.isValid ? parsed.toMillis() : undefined;
}

/** As the CLI and most forms show a time ("2027-09-14 09:00"); `dutch`: in the Dutch order ("14-09-2027 09:00"). */
export function formatLocalDateTime(epochMs: number, zone: string, order: "iso" | "dutch" = "iso"): string {
  return DateTime.fromMillis(epochMs, { zone }).toFormat(order === "dutch" ? "dd-MM-yyyy HH:mm" : localFormat);
}

export interface LocalDay {
  readonly day: string;
  readonly start: number;
  readonly end: number;
}

// A zone's days never change: remember them, by the UTC days each overlaps, so charts of thousands of moments ask
// the zone (the costly part) once per day ever, not once per moment.
const localDays = new Map<string, LocalDay[]>();
const utcDayMs = 86_400_000;

/** The calendar day (`YYYY-MM-DD`) a moment falls on in the zone, with that day's start and end (epoch ms). */
export function localDayOf(epochMs: number, zone: string): LocalDay {
  const key = `${zone}|${Math.floor(epochMs / utcDayMs)}`;
  const known = localDays.get(key)?.find((d) => epochMs >= d.start && epochMs < d.end);
  if (known) return known;
  if (localDays.size >= 20_000) localDays.clear();
  const start = DateTime.fromMillis(epochMs, { zone }).startOf("day");
  const found: LocalDay = {
    day: start.toISODate() ?? "",
    start: start.toMillis(),
    end: start.plus({ days: 1 }).toMillis(),
  };
  for (let d = Math.floor(found.start / utcDayMs); d <= Math.floor((found.end - 1) / utcDayMs); d++) {
    const at = `${zone}|${d}`;
    localDays.set(at, [...(localDays.get(at) ?? []), found]);
  }
  return found;
}

/** Whole calendar days from one `YYYY-MM-DD` to another: a DST change makes no day 23 or 25 hours here. */
export function calendarDaysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00Z`) - Date.parse(`${from}T00:00Z`)) / 86_400_000);
}

/** The `YYYY-MM-DD` a number of calendar days after another. */
export function addCalendarDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
