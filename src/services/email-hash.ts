import { createHmac } from "node:crypto";

/**
 * The keyed hash of a verified e-mail address: equal for the same address on Slack and Teams, useless without the
 * key. The address itself is never stored or logged.
 */
export function emailHash(key: string, email: string): string {
  return createHmac("sha256", key).update(email.trim().toLowerCase()).digest("base64url");
}
