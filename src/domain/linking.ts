import { type Db, inTransaction } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import { getIdentity } from "./identities.js";
import { type MergeOutcome, mergeMembers } from "./member-merge.js";

// One person across platforms: two members joined (by e-mail or by a `koppel` code), one identity taken out again
// (`ontkoppel`), and the platform a person chose to be reached on (`voorkeur`).

interface AgeRow {
  id: number;
}

/**
 * Joins the members `a` and `b` into one: the older one stays (its id is what others already refer to), the
 * other's identities say how they came.
 */
export function linkMembers(db: Db, a: number, b: number, how: "email" | "code", now: number): MergeOutcome {
  return inTransaction(db, () => {
    const [older, newer] = statement<[number, number], AgeRow>(
      db,
      "SELECT id FROM members WHERE id IN (?, ?) ORDER BY created_at, id",
    )
      .all(a, b)
      .map((row) => row.id);
    if (older === undefined || newer === undefined) throw new Error("linking a member that does not exist");
    statement(db, "UPDATE identities SET linked_by = ? WHERE member_id = ?").run(how, newer);
    return mergeMembers(db, older, newer, now);
  });
}

interface MatchRow {
  member_id: number;
}

/**
 * The identity's verified e-mail (its hash) is also another member's on a different platform: one person, so they
 * are joined. Both must allow it: after `ontkoppel` an identity is never joined automatically again. Returns the
 * merges made (none when there was no match).
 */
export function linkByEmail(db: Db, identityId: number, now: number): MergeOutcome[] {
  return inTransaction(db, () => {
    const merges: MergeOutcome[] = [];
    for (;;) {
      const match = statement<[number], MatchRow>(
        db,
        `SELECT o.member_id FROM identities i JOIN identities o ON o.email_hash = i.email_hash
           JOIN members m ON m.id = o.member_id
         WHERE i.id = ? AND i.auto_link = 1 AND o.auto_link = 1 AND o.member_id <> i.member_id
           AND o.platform <> i.platform AND o.left_at IS NULL
         ORDER BY m.created_at, m.id LIMIT 1`,
      ).get(identityId);
      const identity = getIdentity(db, identityId);
      if (!match || !identity) return merges;
      merges.push(linkMembers(db, match.member_id, identity.memberId, "email", now));
    }
  });
}

type SplitOutcome = { kind: "split"; memberId: number } | { kind: "alone" | "unknown" };

/**
 * `ontkoppel`: the identity becomes a person of its own again, with a copy of the profile (and of a `stop`);
 * sign-ups, answers and roles stay with the remaining identities. It is never joined by e-mail again.
 */
export function splitIdentity(db: Db, identityId: number, now: number): SplitOutcome {
  return inTransaction(db, (): SplitOutcome => {
    const identity = getIdentity(db, identityId);
    if (!identity) return { kind: "unknown" };
    const others = statement<[number, number], { n: number }>(
      db,
      "SELECT count(*) AS n FROM identities WHERE member_id = ? AND id <> ?",
    ).get(identity.memberId, identityId);
    if (!others?.n) return { kind: "alone" };
    const memberId = Number(
      statement(
        db,
        `INSERT INTO members (roster_name, role, locale, opted_out_at, told_how_to_stop, created_at)
         SELECT roster_name, role, locale, opted_out_at, told_how_to_stop, ? FROM members WHERE id = ?`,
      ).run(now, identity.memberId).lastInsertRowid,
    );
    statement(db, "UPDATE identities SET member_id = ?, linked_by = NULL, auto_link = 0 WHERE id = ?").run(
      memberId,
      identityId,
    );
    // A code it asked for would join it again: gone with the link.
    statement(db, "DELETE FROM link_codes WHERE identity_id = ?").run(identityId);
    // A choice of the platform the remaining identities are not on no longer means anything.
    statement(
      db,
      `UPDATE members SET preferred_platform = NULL WHERE id = ? AND NOT EXISTS (
         SELECT 1 FROM identities WHERE member_id = members.id AND platform = members.preferred_platform)`,
    ).run(identity.memberId);
    return { kind: "split", memberId };
  });
}

/** `voorkeur`: messages reach the member on this platform, if they have an identity there. */
export function preferPlatform(db: Db, memberId: number, platform: string): boolean {
  return (
    statement(
      db,
      `UPDATE members SET preferred_platform = ? WHERE id = ? AND EXISTS (
         SELECT 1 FROM identities WHERE member_id = ? AND platform = ? AND left_at IS NULL)`,
    ).run(platform, memberId, memberId, platform).changes > 0
  );
}
