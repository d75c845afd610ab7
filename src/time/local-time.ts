import { DateTime } from "luxon";

/** "2027-09-14 09:00" (or ISO with an offset) in the bot's zone, as epoch ms; undefined when it is not a time. */
export function parseLocalDateTime(text: string, zone: string): number | undefined {
  const value = text.trim();
  const local = DateTime.fromFormat(value, "yyyy-MM-dd HH:mm", { zone });
  const parsed = local.isValid ? local : DateTime.fromISO(value, { zone, setZone: false });
  return parsed.isValid ? parsed.toMillis() : undefined;
}

export function formatLocalDateTime(epochMs: number, zone: string): string {
  return DateTime.fromMillis(epochMs, { zone }).toFormat("yyyy-MM-dd HH:mm");
}
