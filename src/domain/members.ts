import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import type { Member, Role } from "../types.js";

export interface MemberRow {
  id: number;
  platform: string;
  user_id: string;
  roster_name: string | null;
  role: Role | null;
  locale: "nl" | "en" | null;
  dm_conversation: string | null;
  reachable: number;
}

export function toMember(row: MemberRow): Member {
  return {
    id: row.id,
    platform: row.platform,
    userId: row.user_id,
    rosterName: row.roster_name,
    role: row.role,
    locale: row.locale,
    dmConversation: row.dm_conversation,
    reachable: row.reachable === 1,
  };
}

export function findMember(db: Db, platform: string, userId: string): Member | undefined {
  const row = statement<[string, string], MemberRow>(
    db,
    "SELECT * FROM members WHERE platform = ? AND user_id = ?",
  ).get(platform, userId);
  return row && toMember(row);
}

export function getMemberById(db: Db, id: number): Member | undefined {
  const row = statement<[number], MemberRow>(db, "SELECT * FROM members WHERE id = ?").get(id);
  return row && toMember(row);
}

/** Finds or creates the member; remembers where to reach them directly. A member who writes is reachable. */
export function ensureMember(db: Db, platform: string, userId: string, now: number, dmConversation?: string): Member {
  const existing = findMember(db, platform, userId);
  if (!existing) {
    statement(
      db,
      "INSERT OR IGNORE INTO members (platform, user_id, dm_conversation, created_at) VALUES (?, ?, ?, ?)",
    ).run(platform, userId, dmConversation ?? null, now);
  } else if ((dmConversation && existing.dmConversation !== dmConversation) || !existing.reachable) {
    // Written only when something changed: most turns read and write nothing here.
    statement(db, "UPDATE members SET dm_conversation = coalesce(?, dm_conversation), reachable = 1 WHERE id = ?").run(
      dmConversation ?? null,
      existing.id,
    );
  } else return existing;
  const member = findMember(db, platform, userId);
  if (!member) throw new Error("member vanished after upsert");
  return member;
}

export function setProfile(db: Db, memberId: number, rosterName: string, role: Role): void {
  statement(db, "UPDATE members SET roster_name = ?, role = ? WHERE id = ?").run(rosterName, role, memberId);
}

export function setLocale(db: Db, memberId: number, locale: "nl" | "en"): void {
  statement(db, "UPDATE members SET locale = ? WHERE id = ?").run(locale, memberId);
}

export function setReachable(db: Db, platform: string, userId: string, reachable: boolean): void {
  statement(db, "UPDATE members SET reachable = ? WHERE platform = ? AND user_id = ?").run(
    reachable ? 1 : 0,
    platform,
    userId,
  );
}
