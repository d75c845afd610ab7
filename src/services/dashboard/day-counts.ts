import type { SessionFillRow, TimeBucket } from "../../domain/dashboard-sessions.js";
import { addCalendarDays, calendarDaysBetween, type LocalDay, localDayOf } from "../../time/local-time.js";
import type { DayCount, SessionFill } from "./model.js";

// Turning counted rows into the dashboard's figures: running totals per calendar day, days to go, and whether a
// session needs another announcement. Days are the bot's zone's (Europe/Amsterdam), DST changes included.

/** A line chart covers at most this many days (the most recent). */
const maxDays = 400;

/** The calendar day of a moment; remembers the last day found, for moments in order. */
export function dayFinder(zone: string): (at: number) => string {
  let window: LocalDay | undefined;
  return (at) => {
    if (!window || at < window.start || at >= window.end) window = localDayOf(at, zone);
    return window.day;
  };
}

/**
 * Running totals by calendar day from time buckets (oldest first), every day from the first to the last (or to
 * `today`, when later) present, so the chart's days are evenly spaced.
 */
export function runningByDay(buckets: readonly TimeBucket[], zone: string, today?: string): DayCount[] {
  const dayOf = dayFinder(zone);
  const totals = new Map<string, number>();
  let first: string | undefined;
  let last: string | undefined;
  for (const bucket of buckets) {
    const day = dayOf(bucket.at);
    totals.set(day, (totals.get(day) ?? 0) + bucket.n);
    first ??= day;
    last = day;
  }
  if (first === undefined || last === undefined) return [];
  if (today !== undefined && today > last) last = today;
  const span = calendarDaysBetween(first, last);
  const days: DayCount[] = [];
  let count = 0;
  for (let i = 0; i <= span; i++) {
    const day = addCalendarDays(first, i);
    count += totals.get(day) ?? 0;
    if (i > span - maxDays) days.push({ day, count });
  }
  return days;
}

/** A week before the session's day: when an under-half-full session needs another announcement. */
const attentionDays = 7;

/** A session's fill as the dashboard shows it; `today` is the zone's calendar day now. */
export function toSessionFill(row: SessionFillRow, today: string, dayOf: (at: number) => string): SessionFill {
  const daysToGo = calendarDaysBetween(today, dayOf(row.starts_at));
  return {
    id: row.id,
    title: row.title,
    startsAt: row.starts_at,
    city: row.city,
    region: row.region,
    status: row.status,
    capacity: row.capacity,
    confirmed: row.confirmed,
    waitlisted: row.waitlisted,
    daysToGo,
    needsAttention:
      row.status === "open" && daysToGo >= 0 && daysToGo <= attentionDays && row.confirmed < row.capacity / 2,
  };
}
