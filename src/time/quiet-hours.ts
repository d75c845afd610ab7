import Holidays from "date-holidays";
import { DateTime } from "luxon";

/** When nudges may go out: weekdays and hours in the bot's zone, never on a Dutch public holiday. */
export interface SendWindow {
  zone: string;
  /** ISO weekdays 1 (Monday) … 7 (Sunday). */
  days: number[];
  /** Minutes after midnight, start inclusive, end exclusive. */
  startMinute: number;
  endMinute: number;
  skipHolidays: boolean;
}

export const defaultWindow = (zone: string): SendWindow => ({
  zone,
  days: [1, 2, 3, 4, 5],
  startMinute: 8 * 60,
  endMinute: 18 * 60,
  skipHolidays: true,
});

const dutchHolidays = new Holidays("NL");

/** Public holidays only (Koningsdag, Easter and Whit Monday, Ascension, Christmas…), not observances. */
function isDutchPublicHoliday(day: DateTime): boolean {
  const key = day.year * 10_000 + day.month * 100 + day.day;
  let holiday = holidayCache.get(key);
  if (holiday === undefined) {
    const found = dutchHolidays.isHoliday(new Date(Date.UTC(day.year, day.month - 1, day.day, 12)));
    holiday = Array.isArray(found) && found.some((entry) => entry.type === "public");
    holidayCache.set(key, holiday);
  }
  return holiday;
}

/** date-holidays is slow per call and a broadcast asks once per recipient: remember each day's answer. */
const holidayCache = new Map<number, boolean>();

export function inWindow(epochMs: number, window: SendWindow): boolean {
  const local = DateTime.fromMillis(epochMs, { zone: window.zone });
  const minute = local.hour * 60 + local.minute;
  return (
    window.days.includes(local.weekday) &&
    minute >= window.startMinute &&
    minute < window.endMinute &&
    !(window.skipHolidays && isDutchPublicHoliday(local))
  );
}

/** The first moment at or after `epochMs` inside the window (at most a few weeks ahead). */
export function nextInWindow(epochMs: number, window: SendWindow): number {
  if (inWindow(epochMs, window)) return epochMs;
  let day = DateTime.fromMillis(epochMs, { zone: window.zone }).startOf("day");
  for (let i = 0; i < 60; i++) {
    const opens = day.plus({ minutes: window.startMinute });
    const closes = day.plus({ minutes: window.endMinute });
    if (closes.toMillis() > epochMs && inWindow(Math.max(opens.toMillis(), epochMs), window)) {
      return Math.max(opens.toMillis(), epochMs);
    }
    day = day.plus({ days: 1 });
  }
  throw new Error("no sending window in the next 60 days: check the quiet-hours settings");
}

/** Parses "1-5" / "1,2,3" weekday lists and "08:00-18:00" into a window (settings QUIET_DAYS, SEND_HOURS). */
export function parseWindow(zone: string, days: string, hours: string, skipHolidays = true): SendWindow {
  const dayList = days.includes("-")
    ? (() => {
        const [from = 1, to = 5] = days.split("-").map(Number);
        return Array.from({ length: to - from + 1 }, (_, i) => from + i);
      })()
    : days.split(",").map(Number);
  const match = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(hours.trim());
  if (!match || dayList.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    throw new Error(`invalid send window: days "${days}", hours "${hours}"`);
  }
  const [, h1, m1, h2, m2] = match.map(Number) as [number, number, number, number, number];
  return { zone, days: dayList, startMinute: h1 * 60 + m1, endMinute: h2 * 60 + m2, skipHolidays };
}

/** The last moment at or before `epochMs` inside the window (for "the day before, within the window"). */
export function previousInWindow(epochMs: number, window: SendWindow): number | undefined {
  if (inWindow(epochMs, window)) return epochMs;
  let day = DateTime.fromMillis(epochMs, { zone: window.zone }).startOf("day");
  for (let i = 0; i < 60; i++) {
    const lastMinute = day.plus({ minutes: window.endMinute - 1 }).toMillis();
    const candidate = Math.min(lastMinute, epochMs);
    if (candidate >= day.plus({ minutes: window.startMinute }).toMillis() && inWindow(candidate, window)) {
      return candidate;
    }
    day = day.minus({ days: 1 });
  }
  return undefined;
}
