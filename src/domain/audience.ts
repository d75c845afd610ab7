import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import { type Role, roles } from "../types.js";
import { type MemberKey, parseMemberKey } from "./member-key.js";
import { canonicalProvince } from "./regions.js";

// Who a survey or poll goes to. Members are (platform, user); their region is not stored, so it is derived
// from the sessions they signed up for (the latest one), "unknown" when they never signed up.

/** "all", a role, or "region:<province>". */
export type AudienceSpec = string;

export function parseAudience(text: string): AudienceSpec | undefined {
  const value = text.trim().toLowerCase();
  if (value === "all" || value === "iedereen" || value === "") return "all";
  if (roles.includes(value as Role)) return value;
  const region = /^(?:region|regio):(.+)$/.exec(value);
  const province = region?.[1] && canonicalProvince(region[1]);
  return province ? `region:${province}` : undefined;
}

/** SQL for a member's derived region (alias `m` for members). */
export const memberRegionSql = `coalesce((SELECT s.region FROM signups su JOIN sessions s ON s.id = su.session_id
  WHERE su.member_id = m.id AND su.status != 'cancelled' ORDER BY s.starts_at DESC LIMIT 1), '')`;

export interface AudienceMember {
  id: number;
  reachable: boolean;
}

export function audienceMembers(db: Db, audience: AudienceSpec): AudienceMember[] {
  const rows = statement(
    db,
    `SELECT m.id, m.reachable, m.role, ${memberRegionSql} AS region FROM members m ORDER BY m.id`,
  ).all() as { id: number; reachable: number; role: string | null; region: string }[];
  return rows
    .filter((row) => {
      if (audience === "all") return true;
      if (audience.startsWith("region:")) return row.region === audience.slice("region:".length);
      return row.role === audience;
    })
    .map((row) => ({ id: row.id, reachable: row.reachable === 1 }));
}

/** Organisers, from the setting and the database: who gets results and summaries. */
export function organiserKeys(db: Db, configured: readonly string[]): MemberKey[] {
  const fromDb = (
    statement(db, "SELECT platform, user_id FROM organisers").all() as { platform: string; user_id: string }[]
  ).map((row) => `${row.platform}:${row.user_id}`);
  const unique = [...new Set([...configured, ...fromDb])];
  return unique.flatMap((key) => {
    const parsed = parseMemberKey(key);
    return parsed ? [parsed] : [];
  });
}

/** Whether one member belongs to the audience (checked on every answer). */
export function inAudience(db: Db, audience: AudienceSpec, memberId: number): boolean {
  if (audience === "all") return statement(db, "SELECT 1 FROM members WHERE id = ?").get(memberId) !== undefined;
  const row = statement(db, `SELECT m.role, ${memberRegionSql} AS region FROM members m WHERE m.id = ?`).get(
    memberId,
  ) as { role: string | null; region: string } | undefined;
  if (!row) return false;
  return audience.startsWith("region:") ? row.region === audience.slice("region:".length) : row.role === audience;
}
