import { DateTime } from "luxon";
import { parse } from "node-cron";

/** One planned run: the local wall-clock minute (the unique key) and the instant it is due. */
export interface Occurrence {
  planned: string;
  plannedAt: number;
}

interface Fields {
  minute: Set<number>;
  hour: Set<number>;
  dayOfMonth: Set<number>;
  month: Set<number>;
  dayOfWeek: Set<number>;
}

const numbers = (values: (number | string)[]) =>
  new Set(values.filter((v): v is number => typeof v === "number").map((v) => (v === 7 ? 0 : v)));

/** Parses a five-field cron pattern with node-cron's parser (throws on a bad pattern). */
export function cronFields(pattern: string): Fields {
  const parsed = parse(pattern);
  return {
    minute: new Set(parsed.minute),
    hour: new Set(parsed.hour),
    dayOfMonth: numbers(parsed.dayOfMonth),
    month: new Set(parsed.month),
    dayOfWeek: numbers(parsed.dayOfWeek),
  };
}

function matches(fields: Fields, wall: DateTime): boolean {
  return (
    fields.minute.has(wall.minute) &&
    fields.hour.has(wall.hour) &&
    fields.dayOfMonth.has(wall.day) &&
    fields.month.has(wall.month) &&
    fields.dayOfWeek.has(wall.weekday % 7)
  );
}

const wallKey = (wall: DateTime) => wall.toFormat("yyyy-MM-dd'T'HH:mm");

/**
 * Occurrences of `pattern` in local wall-clock time of `zone` in (fromMs, toMs]. Keyed by wall-clock minute, so
 * the hour repeated when clocks go back yields the same key twice (deduplicated: it runs once), and wall times
 * skipped when clocks go forward are planned at the first instant after the gap (so they still run once).
 */
export function occurrences(pattern: string, zone: string, fromMs: number, toMs: number): Occurrence[] {
  const fields = cronFields(pattern);
  const found = new Map<string, Occurrence>();
  const minute = 60_000;
  // Wall-clock times as if they were UTC: consecutive instants differ by more than a minute there at a gap.
  const asWall = (at: number) => DateTime.fromMillis(at, { zone }).toUTC(0, { keepLocalTime: true });
  let previous = asWall(Math.floor(fromMs / minute) * minute);
  for (let at = Math.floor(fromMs / minute) * minute + minute; at <= toMs; at += minute) {
    const wall = asWall(at);
    // Clocks went forward: the wall-clock minutes between `previous` and `wall` never happened; plan them now.
    for (let skipped = previous.plus({ minutes: 1 }); skipped < wall; skipped = skipped.plus({ minutes: 1 })) {
      if (matches(fields, skipped)) found.set(wallKey(skipped), { planned: wallKey(skipped), plannedAt: at });
    }
    if (matches(fields, wall) && !found.has(wallKey(wall))) {
      found.set(wallKey(wall), { planned: wallKey(wall), plannedAt: at });
    }
    previous = wall;
  }
  return [...found.values()];
}
