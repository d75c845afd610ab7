import { DateTime } from "luxon";

const localFormat = "yyyy-MM-dd HH:mm";

/**
 * The one parser for a time typed by a person: "2027-09-14 09:00", "2027-09-14T09:00", or ISO (with an offset, or
 * without one: then in the bot's zone). Epoch ms; undefined when it is not a time.
 */
export function parseLocalDateTime(text: string, zone: string): number | undefined {
  const value = text.trim();
  const local = DateTime.fromFormat(value, localFormat, { zone });
  // ISO also covers "2027-09-14T09:00", the form a broadcast's "send at" took besides the one above.
  const parsed = local.isValid ? local : DateTime.fromISO(value, { zone, setZone: false });
  return parsed.isValid ? parsed.toMillis() : undefined;
}

export function formatLocalDateTime(epochMs: number, zone: string): string {
  return DateTime.fromMillis(epochMs, { zone }).toFormat(localFormat);
}
