import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import { memberIdOfKey, resolveMemberKey } from "./identities.js";
import { type MemberKey, parseMemberKey } from "./member-key.js";

// Organisers are members: from the ORGANISERS setting (by `platform:userId`, resolved to the person) and from the
// database (managed with the CLI). Linked identities share the role: it belongs to the person.

export function addOrganiser(db: Db, key: MemberKey, now: number): boolean {
  const memberId = resolveMemberKey(db, key, now);
  return (
    statement(db, "INSERT OR IGNORE INTO organisers (member_id, added_at) VALUES (?, ?)").run(memberId, now).changes > 0
  );
}

export function removeOrganiser(db: Db, key: MemberKey): boolean {
  const memberId = memberIdOfKey(db, key);
  if (memberId === undefined) return false;
  return statement(db, "DELETE FROM organisers WHERE member_id = ?").run(memberId).changes > 0;
}

interface KeyRow {
  key: string;
}

/** The organisers in the database, each by their identities' keys (`slack:U1, teams:29:…` for a linked person). */
export function listOrganisers(db: Db): string[] {
  return statement<[], KeyRow>(
    db,
    `SELECT group_concat(i.platform || ':' || i.user_id, ', ') AS key FROM organisers o
       JOIN identities i ON i.member_id = o.member_id GROUP BY o.member_id ORDER BY min(i.platform), min(i.user_id)`,
  )
    .all()
    .map((row) => row.key);
}

interface MemberIdRow {
  member_id: number;
}

/** Whether the person is an organiser: one of their identities is in the setting, or they are in the database. */
export function isOrganiser(db: Db, configured: readonly string[], memberId: number): boolean {
  if (statement(db, "SELECT 1 FROM organisers WHERE member_id = ?").get(memberId) !== undefined) return true;
  if (!configured.length) return false;
  const keys = statement<[number], KeyRow>(
    db,
    "SELECT platform || ':' || user_id AS key FROM identities WHERE member_id = ?",
  ).all(memberId);
  return keys.some((row) => configured.includes(row.key));
}

/**
 * Every organiser as a member id, from the setting and the database: who gets results and summaries. A configured
 * key not yet known becomes a member, so the message waits for them in the outbox like anyone's.
 */
export function organiserIds(db: Db, configured: readonly string[], now: number): number[] {
  const fromDb = statement<[], MemberIdRow>(db, "SELECT member_id FROM organisers ORDER BY member_id")
    .all()
    .map((row) => row.member_id);
  const fromSetting = configured.flatMap((text) => {
    const key = parseMemberKey(text);
    return key ? [resolveMemberKey(db, key, now)] : [];
  });
  return [...new Set([...fromSetting, ...fromDb])];
}
