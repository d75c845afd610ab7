import { ICalCalendar, ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { DateTime } from "luxon";
import { tzlib_get_ical_block } from "timezones-ical-library";
import type { Attachment } from "../contract.js";
import type { Session } from "../types.js";

export interface CalendarOptions {
  zone: string;
  /** Domain part of the UID; stable so that an update replaces the event in the member's calendar. */
  uidDomain?: string;
  cancelled?: boolean;
  /** When the invite is made (DTSTAMP). */
  now: number;
}

const vtimezones = new Map<string, string | null>();

/** The zone's VTIMEZONE under the name we use: the library answers aliases (Amsterdam) with their target (Brussels). */
function vtimezone(zone: string): string | null {
  const known = vtimezones.get(zone);
  if (known !== undefined) return known;
  const block = tzlib_get_ical_block(zone)[0];
  const named = block
    ? block.replace(/^TZID:.*$/m, `TZID:${zone}`).replace(/^X-LIC-LOCATION:.*$/m, `X-LIC-LOCATION:${zone}`)
    : null;
  vtimezones.set(zone, named);
  return named;
}

/** RFC 5545 wants DTSTAMP in UTC ("20270601T080007Z"); the library writes it in the calendar's zone. */
/** The last stamp made, by its second: every confirmation in that second carries the same DTSTAMP. */
let lastStamp = { second: Number.NaN, text: "" };

function utcStamp(now: number): string {
  const second = Math.floor(now / 1000);
  if (second !== lastStamp.second) {
    const text = new Date(second * 1000)
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d+Z$/, "Z");
    lastStamp = { second, text };
  }
  return lastStamp.text;
}

/** An invite's text around its DTSTAMP value, which is the only part that changes between two sends. */
interface InviteBody {
  beforeStamp: string;
  afterStamp: string;
}

/**
 * Building an invite (ical-generator, VTIMEZONE, encoding) is the costliest step of a sign-up, and every member
 * of a session gets the same one: remember each body, keyed on everything that goes into it (so a changed
 * session, revision, zone or cancellation builds afresh). Bounded: when full it starts afresh.
 */
export const inviteCacheLimit = 500;
const inviteBodies = new Map<string, InviteBody>();

/** How many invite bodies are remembered (tests). */
export function inviteCacheSize(): number {
  return inviteBodies.size;
}

function inviteKey(session: Session, options: CalendarOptions): string {
  return JSON.stringify([
    session.id,
    session.revision,
    session.startsAt,
    session.endsAt,
    session.title,
    session.venue,
    session.address,
    session.city,
    session.leaderName,
    session.notes,
    options.zone,
    options.uidDomain ?? "",
    options.cancelled === true,
  ]);
}

/** The calendar invite for a session, in the session's zone with a VTIMEZONE, and a UID stable per session. */
export function sessionInvite(session: Session, options: CalendarOptions): Attachment {
  const key = inviteKey(session, options);
  let body = inviteBodies.get(key);
  if (!body) {
    if (inviteBodies.size >= inviteCacheLimit) inviteBodies.clear();
    body = buildInviteBody(session, options);
    inviteBodies.set(key, body);
  }
  return {
    filename: `denksessie-${session.id}.ics`,
    mediaType: "text/calendar",
    content: `${body.beforeStamp}${utcStamp(options.now)}${body.afterStamp}`,
    invite: { sessionId: session.id, revision: session.revision, cancelled: options.cancelled === true },
  };
}

function buildInviteBody(session: Session, options: CalendarOptions): InviteBody {
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
  const ics = calendar.toString();
  const stamp = /^DTSTAMP:.*$/m.exec(ics);
  if (!stamp) throw new Error("ical-generator wrote no DTSTAMP");
  const at = stamp.index + "DTSTAMP:".length;
  return { beforeStamp: ics.slice(0, at), afterStamp: ics.slice(stamp.index + stamp[0].length) };
}
