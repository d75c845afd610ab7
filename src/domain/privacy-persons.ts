import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import type { Member } from "../types.js";
import { type MemberRow, toMember } from "./members.js";

// Persons for export and erasure, the ones who left included: member_reach leaves out a member whose accounts
// all left, but their data is still theirs to see and to have erased.

/** The member with the account they used last, left or not. */
export function personAsMember(db: Db, memberId: number): Member | undefined {
  const row = statement<[number], MemberRow>(
    db,
    `SELECT m.id, m.roster_name, m.role, m.locale, m.opted_out_at, i.id AS identity_id, i.platform, i.workspace,
       i.user_id, i.dm_conversation, i.reachable
     FROM members m JOIN identities i ON i.id = (
       SELECT c.id FROM identities c WHERE c.member_id = m.id
       ORDER BY c.left_at IS NOT NULL, c.last_seen_at IS NULL, c.last_seen_at DESC, c.id DESC LIMIT 1)
     WHERE m.id = ?`,
  ).get(memberId);
  return row && toMember(row);
}

/**
 * Retention: persons all of whose accounts left the workspaces before `cutoff` and who have no sign-up left
 * (the sign-ups of sessions past the period are removed first). They are erased as on request.
 */
export function departedMemberIds(db: Db, cutoff: number): number[] {
  return statement<[number], { id: number }>(
    db,
    `SELECT m.id FROM members m
     WHERE EXISTS (SELECT 1 FROM identities i WHERE i.member_id = m.id)
       AND NOT EXISTS (SELECT 1 FROM identities i WHERE i.member_id = m.id AND (i.left_at IS NULL OR i.left_at >= ?))
       AND NOT EXISTS (SELECT 1 FROM signups g WHERE g.member_id = m.id)
     ORDER BY m.id`,
  )
    .all(cutoff)
    .map((row) => row.id);
}
