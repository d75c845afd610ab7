import { createHmac, timingSafeEqual } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { Attachment } from "../../src/contract.js";

// Teams bots cannot drop a file into a personal chat without a consent flow, so attachments (the calendar invite,
// a roster CSV, a privacy export) are served from the bot's own HTTP server. The link carries the file itself
// (deflated, HMAC-signed): nothing is stored, links survive a restart (with a fixed secret), and nobody can make
// the bot serve content it did not sign. Files other than the invite may hold personal data, so their links expire.

export const calendarPath = "/calendar/";
export const filesPath = "/files/";
/** How long a link to a file other than the calendar invite works. */
export const fileLinkMs = 24 * 3600_000;

function sign(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(payload).digest("base64url").slice(0, 32);
}

/** Calendar invites keep the original two-field form, so links sent before files existed still open. */
export function calendarToken(secret: string, attachment: Attachment, expiresAt?: number): string {
  const fields =
    attachment.mediaType === "text/calendar" && expiresAt === undefined
      ? [attachment.filename, attachment.content]
      : [attachment.filename, attachment.content, attachment.mediaType, expiresAt ?? 0];
  const payload = deflateRawSync(Buffer.from(JSON.stringify(fields), "utf8")).toString("base64url");
  return `${payload}.${sign(secret, payload)}`;
}

/** The attachment a token stands for, or undefined when it is malformed, expired or not signed by us. */
export function readCalendarToken(secret: string, token: string, now = Date.now()): Attachment | undefined {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const [filename, content, mediaType = "text/calendar", expiresAt = 0] = JSON.parse(
      inflateRawSync(Buffer.from(payload, "base64url")).toString("utf8"),
    ) as unknown[];
    if (typeof filename !== "string" || typeof content !== "string" || typeof mediaType !== "string") return undefined;
    if (typeof expiresAt !== "number" || (expiresAt && now > expiresAt)) return undefined;
    return { filename, content, mediaType };
  } catch {
    return undefined;
  }
}

/**
 * `PUBLIC_URL/calendar/<token>.ics` for calendar invites; `PUBLIC_URL/files/<token>/<filename>` for other files,
 * valid for `fileLinkMs` from `now()`.
 */
export function calendarLinker(publicUrl: string | (() => string), secret: string, now: () => number = Date.now) {
  // Read at each link: the app learns its own address only once it listens.
  const base = () => (typeof publicUrl === "string" ? publicUrl : publicUrl()).replace(/\/+$/, "");
  return (attachment: Attachment): string =>
    attachment.mediaType === "text/calendar"
      ? `${base()}${calendarPath}${calendarToken(secret, attachment)}.ics`
      : `${base()}${filesPath}${calendarToken(secret, attachment, now() + fileLinkMs)}/${encodeURIComponent(safeFilename(attachment.filename))}`;
}

/** A filename safe in a URL and a content-disposition header. */
export function safeFilename(filename: string): string {
  return filename.replace(/[^\w.-]/g, "_");
}
