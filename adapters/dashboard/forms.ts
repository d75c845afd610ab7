import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { readBody } from "../http/server.js";

// Forms posted to the dashboard: small url-encoded bodies, from our own pages only (the Origin, when the browser
// sends one, is the bot's; a form that changes something carries the session's CSRF token).

export class BadForm extends Error {}

export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim();
  if (type !== "application/x-www-form-urlencoded") throw new BadForm("form expected");
  try {
    return new URLSearchParams(await readBody(req, 10_000));
  } catch {
    throw new BadForm("form too large");
  }
}

/** No Origin (an older browser, a script with the token) passes to the token check; another site's never does. */
export function sameOrigin(req: IncomingMessage, publicBase: string): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  const host = req.headers.host;
  return (
    origin === new URL(publicBase).origin || (!!host && (origin === `http://${host}` || origin === `https://${host}`))
  );
}

/** Constant-time comparison, so the token does not leak through timing. */
export function sameToken(given: string | null, expected: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return given !== null && timingSafeEqual(digest(given), digest(expected));
}
