// A cheap local check of the Bot Framework token before botbuilder verifies its signature: a missing, malformed,
// expired or foreign token is refused here, without fetching signing keys from the network.

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Why the Authorization header cannot be a valid token for this bot, or undefined when it may be. */
export function tokenProblem(authorization: string | undefined, appId: string, now = Date.now()): string | undefined {
  const match = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(authorization ?? "");
  if (!match?.[1] || !match[2]) return "missing or malformed bearer token";
  const header = decodePart(match[1]);
  const claims = decodePart(match[2]);
  if (!header || !claims) return "malformed token";
  if (header.alg !== "RS256") return "unexpected signing algorithm";
  if (claims.aud !== appId) return "token for another audience";
  const skewSeconds = 300;
  if (typeof claims.exp !== "number" || claims.exp + skewSeconds < now / 1000) return "expired token";
  return undefined;
}
