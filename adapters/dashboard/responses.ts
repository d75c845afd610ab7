import type { IncomingMessage, ServerResponse } from "node:http";

// Every dashboard response carries the same guards: a strict Content-Security-Policy (only the bot's own scripts,
// styles and connections; no inline script, no framing), no caching of personal data, no referrer leaving.

const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

const securityHeaders = {
  "content-security-policy": contentSecurityPolicy,
  "x-content-type-options": "nosniff",
  // Not `no-referrer`: with it Chromium sends `Origin: null` on our own forms, and the Origin check needs the origin.
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "cache-control": "no-store",
} as const;

type Headers = Record<string, string | string[]>;

export function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Headers = {}) {
  res.writeHead(status, {
    ...securityHeaders,
    "content-type": type,
    "content-length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

export const sendHtml = (res: ServerResponse, status: number, html: string, headers: Headers = {}) =>
  send(res, status, "text/html; charset=utf-8", html, headers);

export const sendJsonBody = (res: ServerResponse, status: number, body: unknown) =>
  send(res, status, "application/json; charset=utf-8", JSON.stringify(body));

/** A download: `name` is ours (built from checked ids), never the visitor's text. */
export const sendFile = (res: ServerResponse, type: string, name: string, body: string) =>
  send(res, 200, type, body, { "content-disposition": `attachment; filename="${name}"` });

export function redirect(res: ServerResponse, location: string, headers: Headers = {}): void {
  res.writeHead(303, { ...securityHeaders, location, "content-length": 0, ...headers });
  res.end();
}

/** The start of a server-sent event stream (the live progress of a broadcast). */
export function startEventStream(res: ServerResponse): void {
  res.writeHead(200, {
    ...securityHeaders,
    "content-type": "text/event-stream; charset=utf-8",
    connection: "keep-alive",
    "x-accel-buffering": "no",
  });
}

/** The language of a page shown before anyone is known: English only when the browser asks for it first. */
export function browserLocale(req: IncomingMessage, fallback: "nl" | "en"): "nl" | "en" {
  const first = (req.headers["accept-language"] ?? "").split(",")[0]?.trim().toLowerCase() ?? "";
  if (first.startsWith("en")) return "en";
  if (first.startsWith("nl")) return "nl";
  return fallback;
}
