import { createHmac, timingSafeEqual } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { Attachment, InviteRef } from "../../src/contract.js";

// Teams bots cannot drop a file into a personal chat without a consent flow, so the calendar invite is served
// from the bot's own HTTP server. The link carries a signed reference to the invite (session, revision,
// cancelled, expiry), about 100 characters, and the invite is rebuilt when the link is opened: nothing is stored,
// links survive a restart (with a fixed secret), and nobody can make the bot serve content it did not sign.
// Links made before carried the whole invite (deflated); they are still served as they are, and a calendar file
// that is no session's invite is still linked that way.

export const calendarPath = "/calendar/";

/** How long a link stays valid: sessions are planned months ahead, and a member may open it late. */
export const calendarLinkDays = 400;
const refMark = "r~";

function sign(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(payload).digest("base64url").slice(0, 32);
}

/** A signed reference to the invite: cheap to make per card (no compression of the whole .ics). */
export function calendarToken(secret: string, ref: InviteRef, now: number): string {
  const expires = Math.floor(now / 1000) + calendarLinkDays * 86_400;
  const packed = JSON.stringify([ref.sessionId, ref.revision, ref.cancelled ? 1 : 0, expires]);
  const payload = `${refMark}${Buffer.from(packed, "utf8").toString("base64url")}`;
  return `${payload}.${sign(secret, payload)}`;
}

export interface CalendarTokenReader {
  secret: string;
  now: number;
  /** The invite as it is now for a reference; undefined when the session is gone. */
  rebuild(ref: InviteRef): Attachment | undefined;
}

/** The attachment a token stands for, or undefined when it is malformed, expired or not signed by us. */
export function readCalendarToken(reader: CalendarTokenReader, token: string): Attachment | undefined {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(sign(reader.secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    if (payload.startsWith(refMark)) return fromReference(reader, payload.slice(refMark.length));
    const [filename, content] = JSON.parse(inflateRawSync(Buffer.from(payload, "base64url")).toString("utf8")) as [
      unknown,
      unknown,
    ];
    if (typeof filename !== "string" || typeof content !== "string") return undefined;
    return { filename, content, mediaType: "text/calendar" };
  } catch {
    return undefined;
  }
}

function fromReference(reader: CalendarTokenReader, encoded: string): Attachment | undefined {
  const [sessionId, revision, cancelled, expires] = JSON.parse(
    Buffer.from(encoded, "base64url").toString("utf8"),
  ) as unknown[];
  if (typeof sessionId !== "string" || typeof revision !== "number" || typeof expires !== "number") return undefined;
  if (reader.now / 1000 > expires) return undefined;
  return reader.rebuild({ sessionId, revision, cancelled: cancelled === 1 });
}

/** A token carrying a whole calendar file (deflated): for a calendar attachment that is no session's invite. */
export function calendarContentToken(secret: string, attachment: Attachment): string {
  const packed = JSON.stringify([attachment.filename, attachment.content]);
  const payload = deflateRawSync(Buffer.from(packed, "utf8")).toString("base64url");
  return `${payload}.${sign(secret, payload)}`;
}

/** `PUBLIC_URL/calendar/<token>.ics` for calendar attachments; other attachment kinds have no link. */
export function calendarLinker(publicUrl: string, secret: string, now: () => number) {
  const base = publicUrl.replace(/\/+$/, "");
  return (attachment: Attachment): string | undefined => {
    if (attachment.mediaType !== "text/calendar") return undefined;
    const token = attachment.invite
      ? calendarToken(secret, attachment.invite, now())
      : calendarContentToken(secret, attachment);
    return `${base}${calendarPath}${token}.ics`;
  };
}
