import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import type { Member, Role } from "../types.js";
import { ensureIdentity } from "./identities.js";

// Members as the rest of the code reaches them: the view member_reach (migration 011) joins each person to the
// identity messages go to. Who they are on each platform is in identities.ts.

export interface MemberRow {
  id: number;
  roster_name: string | null;
  role: Role | null;
  locale: "nl" | "en" | null;
  opted_out_at: number | null;
  identity_id: number;
  platform: string;
  workspace: string;
  user_id: string;
  dm_conversation: string | null;
  reachable: number;
}

/** The columns of member_reach a Member is made of (alias `m`). */
export const memberColumns = `m.id, m.roster_name, m.role, m.locale, m.opted_out_at, m.identity_id, m.platform,
  m.workspace, m.user_id, m.dm_conversation, m.reachable`;

export function toMember(row: MemberRow): Member {
  return {
    id: row.id,
    rosterName: row.roster_name,
    role: row.role,
    locale: row.locale,
    optedOut: row.opted_out_at !== null,
    identityId: row.identity_id,
    platform: row.platform,
    workspace: row.workspace,
    userId: row.user_id,
    dmConversation: row.dm_conversation,
    reachable: row.reachable === 1,
  };
}

// Built once: read on every turn, and a text built per call is hashed afresh for the statement cache.
const memberByAccount = `SELECT ${memberColumns} FROM identities i JOIN member_reach m ON m.id = i.member_id
  WHERE i.platform = ? AND i.user_id = ?`;
const memberById = `SELECT ${memberColumns} FROM member_reach m WHERE m.id = ?`;

/** The person one platform account belongs to (reached on whichever identity is theirs to be reached on). */
export function findMember(db: Db, platform: string, userId: string): Member | undefined {
  const row = statement<[string, string], MemberRow>(db, memberByAccount).get(platform, userId);
  return row && toMember(row);
}

export function getMemberById(db: Db, id: number): Member | undefined {
  const row = statement<[number], MemberRow>(db, memberById).get(id);
  return row && toMember(row);
}

/**
 * Finds or creates the member who writes from this account; remembers where to reach them directly and that
 * they used it now. A member who writes is reachable there, and no longer counted as gone.
 */
export function ensureMember(
  db: Db,
  platform: string,
  userId: string,
  now: number,
  dmConversation?: string,
  workspace?: string,
): Member {
  const { memberId } = ensureIdentity(db, { platform, userId, dmConversation, workspace }, now);
  const member = getMemberById(db, memberId);
  if (!member) throw new Error("member vanished after upsert");
  return member;
}

/**
 * The member as reached on an identity of theirs outside the refused workspace of `platform` (another workspace
 * of it, or another platform), if they have one. An empty workspace stands for the whole platform.
 */
export function reachedElsewhere(db: Db, member: Member, platform: string, workspace = ""): Member | undefined {
  const refused = (p: string, w: string) => p === platform && (w === workspace || !w || !workspace);
  if (!refused(member.platform, member.workspace)) return member;
  const other = statement<[number, string, string, string], IdentityReachRow>(
    db,
    `SELECT id, platform, workspace, user_id, dm_conversation, reachable FROM identities
      WHERE member_id = ? AND left_at IS NULL
        AND NOT (platform = ? AND (workspace = ? OR workspace = '' OR ? = ''))
      ORDER BY reachable DESC, last_seen_at DESC LIMIT 1`,
  ).get(member.id, platform, workspace, workspace);
  return (
    other && {
      ...member,
      identityId: other.id,
      platform: other.platform,
      workspace: other.workspace,
      userId: other.user_id,
      dmConversation: other.dm_conversation,
      reachable: other.reachable === 1,
    }
  );
}

interface IdentityReachRow {
  id: number;
  platform: string;
  workspace: string;
  user_id: string;
  dm_conversation: string | null;
  reachable: number;
}

export function setProfile(db: Db, memberId: number, rosterName: string, role: Role): void {
  statement(db, "UPDATE members SET roster_name = ?, role = ? WHERE id = ?").run(rosterName, role, memberId);
}

export function setLocale(db: Db, memberId: number, locale: "nl" | "en"): void {
  statement(db, "UPDATE members SET locale = ? WHERE id = ?").run(locale, memberId);
}

/**
 * Follows the language the platform says this account speaks: a change there (the member switched their client's
 * language, or the playground's) is their choice now, and so is the first one a member without a language brings.
 * The same language again leaves one typed in chat (`english`) alone. Returns the member's language after.
 */
export function followPlatformLocale(
  db: Db,
  member: Pick<Member, "id" | "identityId" | "locale">,
  platform: string,
  userId: string,
  spoken: "nl" | "en",
): "nl" | "en" | null {
  const row = statement<[string, string], { platform_locale: string | null }>(
    db,
    "SELECT platform_locale FROM identities WHERE platform = ? AND user_id = ?",
  ).get(platform, userId);
  if (!row || row.platform_locale === spoken) return member.locale;
  statement(db, "UPDATE identities SET platform_locale = ? WHERE platform = ? AND user_id = ?").run(
    spoken,
    platform,
    userId,
  );
  // An account first seen with a language (or first since this was remembered) changes nothing already chosen.
  if (row.platform_locale === null && member.locale) return member.locale;
  setLocale(db, member.id, spoken);
  return spoken;
}

/** `stop` (true) and `start` (false): broadcasts, polls and survey reminders end or resume. */
export function setOptedOut(db: Db, memberId: number, optedOut: boolean, now: number): void {
  statement(db, "UPDATE members SET opted_out_at = ? WHERE id = ?").run(optedOut ? now : null, memberId);
}

/** An organiser marks a member's role (a stakeholder, say: the directory cannot know). */
export function setRole(db: Db, memberId: number, role: Role): void {
  statement(db, "UPDATE members SET role = ? WHERE id = ?").run(role, memberId);
}
