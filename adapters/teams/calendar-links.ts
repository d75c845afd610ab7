import { createHmac, timingSafeEqual } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { Attachment } from "../../src/contract.js";

// Teams bots cannot drop a file into a personal chat without a consent flow, so the calendar invite is served
// from the bot's own HTTP server. The link carries the invite itself (deflated, HMAC-signed): nothing is stored,
// links survive a restart (with a fixed secret), and nobody can make the bot serve content it did not sign.

export const calendarPath = "/calendar/";

function sign(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(payload).digest("base64url").slice(0, 32);
}

export function calendarToken(secret: string, attachment: Attachment): string {
  const packed = JSON.stringify([attachment.filename, attachment.content]);
  const payload = deflateRawSync(Buffer.from(packed, "utf8")).toString("base64url");
  return `${payload}.${sign(secret, payload)}`;
}

/** The attachment a token stands for, or undefined when it is malformed or not signed by us. */
export function readCalendarToken(secret: string, token: string): Attachment | undefined {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
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

/** `PUBLIC_URL/calendar/<token>.ics` for calendar attachments; other attachment kinds have no link. */
export function calendarLinker(publicUrl: string | (() => string), secret: string) {
  // Read at each link: the app learns its own address only once it listens.
  const base = () => (typeof publicUrl === "string" ? publicUrl : publicUrl()).replace(/\/+$/, "");
  return (attachment: Attachment): string | undefined =>
    attachment.mediaType === "text/calendar"
      ? `${base()}${calendarPath}${calendarToken(secret, attachment)}.ics`
      : undefined;
}
