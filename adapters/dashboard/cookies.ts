import type { IncomingMessage } from "node:http";
import { dashboardSessionMs } from "../../src/services/dashboard/access.js";

// The dashboard's session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's request carries
// it), Path=/ and, behind HTTPS, Secure with the `__Host-` prefix (no subdomain can set or widen it).

export interface CookiePolicy {
  name: string;
  secure: boolean;
}

/** Secure when the bot is reached over HTTPS (PUBLIC_URL), plain for the local playground over http://localhost. */
export function cookiePolicy(publicBase: string): CookiePolicy {
  const secure = publicBase.startsWith("https://");
  return { name: secure ? "__Host-spreekuur_dashboard" : "spreekuur_dashboard", secure };
}

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

function attributes(policy: CookiePolicy, maxAgeSeconds: number): string {
  return `; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}${policy.secure ? "; Secure" : ""}`;
}

export const sessionCookie = (policy: CookiePolicy, value: string) =>
  `${policy.name}=${value}${attributes(policy, Math.floor(dashboardSessionMs / 1000))}`;

export const clearedCookie = (policy: CookiePolicy) => `${policy.name}=${attributes(policy, 0)}`;
