import { DateTime } from "luxon";
import type { Locale } from "../contract.js";

const tidy = (text: string) => text.replace(/\./g, "");

/**
 * Formatting a moment in a zone costs luxon a zone-offset lookup each time, and every list and confirmation
 * formats the same few session times again: remember the answers (pure functions of their arguments).
 * Bounded: when full it starts afresh, which costs one miss per entry and never grows without limit.
 */
export const formattedLimit = 5000;
const formatted = new Map<string, string>();

function remembered(key: string, format: () => string): string {
  let text = formatted.get(key);
  if (text === undefined) {
    if (formatted.size >= formattedLimit) formatted.clear();
    text = format();
    formatted.set(key, text);
  }
  return text;
}

/** How many formatted texts are remembered (tests). */
export function formattedSize(): number {
  return formatted.size;
}

/** The year of a moment in the zone: the reader's "this year", against which dates leave their year out. */
/** Per zone, the year last asked for and its bounds: every turn asks, and a luxon DateTime per turn shows. */
const lastYear = new Map<string, { from: number; to: number; year: number }>();

export function yearOf(epochMs: number, zone: string): number {
  const known = lastYear.get(zone);
  if (known && epochMs >= known.from && epochMs < known.to) return known.year;
  const at = DateTime.fromMillis(epochMs, { zone });
  lastYear.set(zone, { from: at.startOf("year").toMillis(), to: at.endOf("year").toMillis() + 1, year: at.year });
  return at.year;
}

/**
 * "di 15 sep, 19:30" (nl) / "Tue 15 Sep, 19:30" (en), in the given zone; "di 15 sep 2028, 19:30" when the date is
 * not in `thisYear` (the reader's current year; without it the year is always left out).
 */
export function formatDateTime(epochMs: number, zone: string, locale: Locale, thisYear?: number): string {
  return remembered(`t|${epochMs}|${zone}|${locale}|${thisYear ?? ""}`, () => {
    const dt = DateTime.fromMillis(epochMs, { zone }).setLocale(locale);
    const year = thisYear !== undefined && dt.year !== thisYear ? ` ${dt.year}` : "";
    return `${tidy(dt.toFormat("ccc d LLL"))}${year}, ${dt.toFormat("HH:mm")}`;
  });
}

/** "di 15 sep, 19:30–22:00"; the end date is added when it falls on another day (the year as formatDateTime). */
export function formatRange(startMs: number, endMs: number, zone: string, locale: Locale, thisYear?: number): string {
  return remembered(`r|${startMs}|${endMs}|${zone}|${locale}|${thisYear ?? ""}`, () => {
    const start = DateTime.fromMillis(startMs, { zone });
    const end = DateTime.fromMillis(endMs, { zone });
    const endText = start.hasSame(end, "day") ? end.toFormat("HH:mm") : formatDateTime(endMs, zone, locale, thisYear);
    return `${formatDateTime(startMs, zone, locale, thisYear)}–${endText}`;
  });
}

/** "15 september 2026" / "15 September 2026". */
export function formatDate(epochMs: number, zone: string, locale: Locale): string {
  return remembered(`d|${epochMs}|${zone}|${locale}`, () =>
    DateTime.fromMillis(epochMs, { zone }).setLocale(locale).toFormat("d LLLL yyyy"),
  );
}

const monthNames: Record<string, number> = {
  januari: 1,
  january: 1,
  jan: 1,
  februari: 2,
  february: 2,
  feb: 2,
  maart: 3,
  march: 3,
  mrt: 3,
  mar: 3,
  april: 4,
  apr: 4,
  mei: 5,
  may: 5,
  juni: 6,
  june: 6,
  jun: 6,
  juli: 7,
  july: 7,
  jul: 7,
  augustus: 8,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  oktober: 10,
  october: 10,
  okt: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

/** Month number for a Dutch or English month name or abbreviation (already lower-cased, accents removed). */
export function monthFromWord(word: string): number | undefined {
  return monthNames[word];
}

export function monthOf(epochMs: number, zone: string): number {
  return Number(remembered(`m|${epochMs}|${zone}`, () => String(DateTime.fromMillis(epochMs, { zone }).month)));
}
