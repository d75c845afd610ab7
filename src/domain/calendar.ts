import { ICalCalendar, ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { DateTime } from "luxon";
import { tzlib_get_ical_block } from "timezones-ical-library";
import type { Attachment } from "../contract.js";
import type { Session } from "./types.js";

export interface CalendarOptions {
  zone: string;
  /** Domain part of the UID; stable so that an update replaces the event in the member's calendar. */
  uidDomain?: string;
  cancelled?: boolean;
  /** When the invite is made (DTSTAMP). */
  now: number;
}

/** The zone's VTIMEZONE under the name we use: the library answers aliases (Amsterdam) with their target (Brussels). */
function vtimezone(zone: string): string | null {
  const block = tzlib_get_ical_block(zone)[0];
  if (!block) return null;
  return block.replace(/^TZID:.*$/m, `TZID:${zone}`).replace(/^X-LIC-LOCATION:.*$/m, `X-LIC-LOCATION:${zone}`);
}

/** RFC 5545 wants DTSTAMP in UTC; the library writes it in the calendar's zone. */
function withUtcStamp(ics: string, now: number): string {
  const stamp = DateTime.fromMillis(now, { zone: "utc" }).toFormat("yyyyMMdd'T'HHmmss'Z'");
  return ics.replace(/^DTSTAMP:.*$/m, `DTSTAMP:${stamp}`);
}

/** The calendar invite for a session, in the session's zone with a VTIMEZONE, and a UID stable per session. */
export function sessionInvite(session: Session, options: CalendarOptions): Attachment {
  const calendar = new ICalCalendar({
    prodId: { company: "Spreekuur", product: "spreekuur", language: "NL" },
    method: options.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
  });
  calendar.timezone({ name: options.zone, generator: vtimezone });
  calendar.createEvent({
    id: `session-${session.id}@${options.uidDomain ?? "spreekuur.app"}`,
    sequence: session.revision,
    start: DateTime.fromMillis(session.startsAt, { zone: options.zone }),
    end: DateTime.fromMillis(session.endsAt, { zone: options.zone }),
    timezone: options.zone,
    summary: session.title,
    location: [session.venue, session.address, session.city].filter(Boolean).join(", "),
    description: `Sessieleider: ${session.leaderName}${session.notes ? `\n${session.notes}` : ""}`,
    status: options.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return {
    filename: `denksessie-${session.id}.ics`,
    mediaType: "text/calendar",
    content: withUtcStamp(calendar.toString(), options.now),
  };
}
