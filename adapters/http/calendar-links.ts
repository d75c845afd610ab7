import { createHmac, timingSafeEqual } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { Attachment, InviteRef } from "../../src/contract.js";

// Teams bots cannot drop a file into a personal chat without a consent flow, so attachments are served from the
// bot's own HTTP server behind HMAC-signed links (Slack's calendar invites too, when PUBLIC_URL is set); nothing is
// stored and nobody can make the bot serve what it did not sign. A session's calendar invite is linked by a short
// signed reference (session, revision, cancelled, expiry) and rebuilt when opened. Other files (a roster CSV, a
// privacy export) travel inside the link, deflated, and expire after a day because they may hold personal data.
// Older links that carry a whole invite still open. The routes: file-routes.ts.

export const calendarPath = "/calendar/";
export const filesPath = "/files/";
/** How long a link to a file other than the calendar invite works. */
export const fileLinkMs = 24 * 3600_000;
/** How long a calendar link stays valid: sessions are planned months ahead, and a member may open it late. */
export const calendarLinkDays = 400;
const refMark = "r~";

function sign(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(payload).digest("base64url").slice(0, 32);
}

/** The unsigned part of a reference to a session's invite: cheap to make per card (no compression of the .ics). */
function calendarPayload(ref: InviteRef, now: number): string {
  // Whole days: the same invite gets the same link all day, so a card drawn again is the same card (no update).
  const expires = (Math.floor(now / 86_400_000) + calendarLinkDays) * 86_400;
  const packed = JSON.stringify([ref.sessionId, ref.revision, ref.cancelled ? 1 : 0, expires]);
  return `${refMark}${Buffer.from(packed, "utf8").toString("base64url")}`;
}

/**
 * A token carrying a whole file (deflated). A calendar file without an expiry keeps the original two-field form,
 * so links sent before files existed still open.
 */
export function contentToken(secret: string, attachment: Attachment, expiresAt?: number): string {
  const fields =
    attachment.mediaType === "text/calendar" && expiresAt === undefined
      ? [attachment.filename, attachment.content]
      : [attachment.filename, attachment.content, attachment.mediaType, expiresAt ?? 0];
  const payload = deflateRawSync(Buffer.from(JSON.stringify(fields), "utf8")).toString("base64url");
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
    const [filename, content, mediaType = "text/calendar", expiresAt = 0] = JSON.parse(
      inflateRawSync(Buffer.from(payload, "base64url")).toString("utf8"),
    ) as unknown[];
    if (typeof filename !== "string" || typeof content !== "string" || typeof mediaType !== "string") return undefined;
    if (typeof expiresAt !== "number" || (expiresAt && reader.now > expiresAt)) return undefined;
    return { filename, content, mediaType };
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

/**
 * `PUBLIC_URL/calendar/<token>.ics` for calendar invites; `PUBLIC_URL/files/<token>/<filename>` for other files,
 * valid for `fileLinkMs` from `now()`.
 */
export function calendarLinker(publicUrl: string | (() => string), secret: string, now: () => number = Date.now) {
  // Read at each link: the app learns its own address only once it listens.
  const base = () => (typeof publicUrl === "string" ? publicUrl : publicUrl()).replace(/\/+$/, "");
  // An HMAC is a few microseconds; the link is the same all day because its expiry is in whole days.
  const calendarToken = (ref: InviteRef): string => {
    const payload = calendarPayload(ref, now());
    return `${payload}.${sign(secret, payload)}`;
  };
  return (attachment: Attachment): string => {
    if (attachment.mediaType === "text/calendar") {
      const token = attachment.invite ? calendarToken(attachment.invite) : contentToken(secret, attachment);
      return `${base()}${calendarPath}${token}.ics`;
    }
    const token = contentToken(secret, attachment, now() + fileLinkMs);
    return `${base()}${filesPath}${token}/${encodeURIComponent(safeFilename(attachment.filename))}`;
  };
}

/** A filename safe in a URL and a content-disposition header. */
export function safeFilename(filename: string): string {
  return filename.replace(/[^\w.-]/g, "_");
}
