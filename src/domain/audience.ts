import type { Platform } from "../contract.js";
import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import { type AudienceProblem, type Member, type Role, roles } from "../types.js";
import { type MemberRow, memberColumns, toMember } from "./members.js";
import { canonicalProvince } from "./regions.js";
import { sessionIdIgnoringCase } from "./sessions.js";

// Who a broadcast, a poll or a survey goes to: one model for all three.
//
// "Region" means one thing everywhere: the member's region, the region of the latest session (by start) they hold
// a place or a waitlist place in; "" when they have none. Members have no address of their own, so this is the
// only region they have; and being one value per member, the breakdowns by region of poll results and survey
// status add up to their totals and match a region audience exactly.

export type Audience =
  | { kind: "everyone" }
  | { kind: "role"; role: Role }
  | { kind: "region"; region: string }
  | { kind: "session"; sessionId: string }
  | { kind: "waitlist"; sessionId: string }
  | { kind: "channel"; platform: Platform; conversation: string };

const isRole = (text: string): text is Role => (roles as readonly string[]).includes(text);

/** SQL for a member's region (alias `m` for members). */
export const memberRegionSql = `coalesce((SELECT s.region FROM signups su JOIN sessions s ON s.id = su.session_id
  WHERE su.member_id = m.id AND su.status != 'cancelled' ORDER BY s.starts_at DESC LIMIT 1), '')`;

/**
 * An audience as one line of text, as polls and surveys store it and organisers type it: "all", a role,
 * "region:<province>", "session:<id>", "waitlist:<id>", "channel:<platform>:<conversation>".
 */
export function audienceKey(audience: Audience): string {
  switch (audience.kind) {
    case "everyone":
      return "all";
    case "role":
      return audience.role;
    case "region":
      return `region:${audience.region}`;
    case "session":
    case "waitlist":
      return `${audience.kind}:${audience.sessionId}`;
    case "channel":
      return `channel:${audience.platform}:${audience.conversation}`;
  }
}

/** The inverse of `audienceKey`, for stored keys (which were checked when they were written). */
export function audienceFromKey(key: string): Audience {
  if (isRole(key)) return { kind: "role", role: key };
  const colon = key.indexOf(":");
  const kind = colon < 0 ? key : key.slice(0, colon);
  const arg = colon < 0 ? "" : key.slice(colon + 1);
  switch (kind) {
    case "region":
      return { kind, region: arg };
    case "session":
    case "waitlist":
      return { kind, sessionId: arg };
    case "channel": {
      const at = arg.indexOf(":");
      // Written from a Platform by audienceKey.
      return { kind, platform: arg.slice(0, at) as Platform, conversation: arg.slice(at + 1) };
    }
    default:
      return { kind: "everyone" };
  }
}

/** What an organiser typed in a poll or survey form: "all"/"iedereen", a role, or "region:"/"regio:" a province. */
export function parseMemberAudience(text: string): Audience | undefined {
  const value = text.trim().toLowerCase();
  if (value === "all" || value === "iedereen" || value === "") return { kind: "everyone" };
  if (isRole(value)) return { kind: "role", role: value };
  const region = /^(?:region|regio):(.+)$/.exec(value);
  const province = region?.[1] && canonicalProvince(region[1]);
  return province ? { kind: "region", region: province } : undefined;
}

/** Reads a broadcast audience from its kind and argument (a province, a session id, a channel id). */
export function parseBroadcastAudience(
  db: Db,
  kind: string,
  arg: string | undefined,
  platform: Platform,
): Audience | AudienceProblem {
  const value = arg?.trim() ?? "";
  switch (kind) {
    case "everyone":
      return { kind };
    case "region": {
      const region = canonicalProvince(value);
      return region ? { kind, region } : "region_unknown";
    }
    case "session":
    case "waitlist": {
      const sessionId = sessionIdIgnoringCase(db, value);
      return sessionId ? { kind, sessionId } : "session_unknown";
    }
    case "channel":
      return value ? { kind, platform, conversation: value } : "channel_missing";
    default:
      return "kind_unknown";
  }
}

type MemberAudience = Exclude<Audience, { kind: "channel" }>;

/** Which members an audience holds, as a query on `m` (members), and the order they are sent in. */
function audienceQuery(audience: MemberAudience): { from: string; where: string; params: string[]; order: string } {
  // Persons, each once, on the identity they are reached on; those who left are not in the view.
  const members = "member_reach m";
  switch (audience.kind) {
    case "everyone":
      return { from: members, where: "1", params: [], order: "m.id" };
    case "role":
      return { from: members, where: "m.role = ?", params: [audience.role], order: "m.id" };
    case "region":
      return { from: members, where: `${memberRegionSql} = ?`, params: [audience.region], order: "m.id" };
    case "session":
    case "waitlist":
      return {
        from: "signups g JOIN member_reach m ON m.id = g.member_id",
        where: "g.session_id = ? AND g.status = ?",
        params: [audience.sessionId, audience.kind === "session" ? "confirmed" : "waitlisted"],
        order: "g.seq",
      };
  }
}

/**
 * The one resolver from an audience to its members, reachable or not (a survey counts the unreachable too).
 * A channel has no members: it is one message to that conversation.
 */
export function audienceMembers(db: Db, audience: Audience): Member[] {
  if (audience.kind === "channel") return [];
  const { from, where, params, order } = audienceQuery(audience);
  return db
    .prepare<string[], MemberRow>(`SELECT ${memberColumns} FROM ${from} WHERE ${where} ORDER BY ${order}`)
    .all(...params)
    .map(toMember);
}

/** Whether one member belongs to the audience (checked on every answer), by the same query. */
export function inAudience(db: Db, audience: Audience, memberId: number): boolean {
  if (audience.kind === "channel") return false;
  const { from, where, params } = audienceQuery(audience);
  const sql = `SELECT 1 AS yes FROM ${from} WHERE m.id = ? AND ${where}`;
  // Compiled once per audience shape: this runs on every poll answer and survey completion.
  return statement<(string | number)[], { yes: number }>(db, sql).get(memberId, ...params) !== undefined;
}
