// Team rosters for the fake connector: generated members as Teams' paged members route lists them (ids, AAD
// object id, e-mail and UPN, "user" or "guest"). Its own type, not botbuilder's: the fake is the platform's side.

export interface RosterMember {
  id: string;
  name: string;
  aadObjectId: string;
  email?: string;
  userPrincipalName?: string;
  tenantId: string;
  userRole: "user" | "guest";
}

export interface RosterOptions {
  tenantId: string;
  /** Every n-th member is a guest (none when unset). */
  guestEvery?: number;
  /** Ids start after this prefix: `29:<prefix>-<n>`. */
  prefix?: string;
}

export function generateRoster(count: number, options: RosterOptions): RosterMember[] {
  const prefix = options.prefix ?? "member";
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const guest = options.guestEvery !== undefined && n % options.guestEvery === 0;
    const address = guest ? `${prefix}${n}@gmail.example` : `${prefix}${n}@praktijk.example`;
    return {
      id: `29:${prefix}-${n}`,
      name: `Dr. ${prefix} ${n}`,
      aadObjectId: `aad-${prefix}-${n}`,
      email: address,
      userPrincipalName: guest ? `${address.replace("@", "_")}#EXT#@tenant.example` : address,
      tenantId: options.tenantId,
      userRole: guest ? "guest" : "user",
    };
  });
}

/** Continuation tokens are opaque to the bot; here they are the offset of the next page. */
export function pageToken(team: string, offset: number): string {
  return Buffer.from(`${team}|${offset}`).toString("base64url");
}

export function offsetOf(team: string, token: string | null): number | undefined {
  if (!token) return 0;
  const [of, offset] = Buffer.from(token, "base64url").toString("utf8").split("|");
  const n = Number(offset);
  return of === team && Number.isInteger(n) && n >= 0 ? n : undefined;
}
