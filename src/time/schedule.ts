import { Cron } from "croner";
import { normalize } from "../text/normalize.js";

// Recurring moments ("elke dinsdag 12:30", "every Tuesday 12:30" or a cron line), computed in the bot's zone.

const weekdays: Record<string, string> = {
  maandag: "1",
  monday: "1",
  dinsdag: "2",
  tuesday: "2",
  woensdag: "3",
  wednesday: "3",
  donderdag: "4",
  thursday: "4",
  vrijdag: "5",
  friday: "5",
  zaterdag: "6",
  saturday: "6",
  zondag: "0",
  sunday: "0",
  werkdag: "1-5",
  weekday: "1-5",
  dag: "*",
  day: "*",
};

/** A cron line for a plain choice or a cron line itself; undefined when it is neither. */
export function toCron(schedule: string): string | undefined {
  const text = normalize(schedule).replace(/\s+/g, " ").trim();
  const plain = /^(?:elke|iedere|every) ([a-z]+) (?:om |at )?(\d{1,2})[:. ](\d{2})$/.exec(text);
  if (plain) {
    const [, word = "", hour = "", minute = ""] = plain;
    const day = weekdays[word] ?? weekdays[word.replace(/s$/, "")];
    if (!day || Number(hour) > 23 || Number(minute) > 59) return undefined;
    return `${Number(minute)} ${Number(hour)} * * ${day}`;
  }
  const cron = schedule.trim();
  if (cron.split(/\s+/).length !== 5) return undefined;
  try {
    new Cron(cron, { paused: true });
    return cron;
  } catch {
    return undefined;
  }
}

/** The schedule's moments after `after` up to and including `until` (at most `limit`), in `zone` (DST-aware). */
export function occurrences(cron: string, zone: string, after: number, until: number, limit = 500): number[] {
  const job = new Cron(cron, { timezone: zone, paused: true });
  const found: number[] = [];
  let cursor = new Date(after);
  while (found.length < limit) {
    const next = job.nextRun(cursor);
    if (!next || next.getTime() > until) break;
    found.push(next.getTime());
    cursor = next;
  }
  return found;
}

/** The schedule's first moment after `after`, if any. */
export function nextOccurrence(cron: string, zone: string, after: number): number | undefined {
  return new Cron(cron, { timezone: zone, paused: true }).nextRun(new Date(after))?.getTime();
}
