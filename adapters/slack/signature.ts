import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

// Slack's request signing (https://api.slack.com/authentication/verifying-requests-from-slack):
// X-Slack-Signature = "v0=" + hex(HMAC-SHA256(signing secret, "v0:" + X-Slack-Request-Timestamp + ":" + raw body)).
// Bolt only refuses timestamps in the past; a replay window has two sides, so both are checked here.

/** How far a request's timestamp may be from our clock, either way (Slack's five minutes). */
const signatureWindowSeconds = 5 * 60;

export type SignatureProblem = "missing" | "malformed" | "outside the time window" | "mismatch";

/** Why a request's signature does not hold, or undefined when it does. `nowMs`: real time, as Slack's. */
export function signatureProblem(
  secret: string,
  headers: IncomingHttpHeaders,
  rawBody: Buffer,
  nowMs: number,
): SignatureProblem | undefined {
  const signature = headers["x-slack-signature"];
  const timestamp = headers["x-slack-request-timestamp"];
  if (typeof signature !== "string" || typeof timestamp !== "string") return "missing";
  // Digits without a leading zero: Bolt re-signs Number(timestamp), so both must read the same.
  if (!/^[1-9]\d{0,11}$/.test(timestamp) || !/^v0=[0-9a-f]{64}$/.test(signature)) return "malformed";
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > signatureWindowSeconds) {
    return "outside the time window";
  }
  const expected = createHmac("sha256", secret).update(`v0:${timestamp}:`).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(signature.slice(3), "hex")) ? undefined : "mismatch";
}
