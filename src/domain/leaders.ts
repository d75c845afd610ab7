import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import type { SessionWithCounts } from "../types.js";
import { resolveMemberKey } from "./identities.js";
import type { MemberKey } from "./member-key.js";
import { getSession } from "./sessions.js";

// Who leads which session: a member, linked by `platform:userId` (resolved to the person, so a linked identity
// leads too). A leader is not an organiser: they see and act only on their own sessions.

/** Links (or relinks) the session's leader; false when the session does not exist. */
export function linkLeader(db: Db, sessionId: string, key: MemberKey, now: number): boolean {
  if (!getSession(db, sessionId)) return false;
  const memberId = resolveMemberKey(db, key, now);
  statement(
    db,
    `INSERT INTO session_leaders (session_id, member_id, linked_at) VALUES (?, ?, ?)
     ON CONFLICT (session_id) DO UPDATE SET member_id = excluded.member_id, linked_at = excluded.linked_at
     WHERE member_id IS NOT excluded.member_id`,
  ).run(sessionId, memberId, now);
  return true;
}

export function unlinkLeader(db: Db, sessionId: string): boolean {
  return statement(db, "DELETE FROM session_leaders WHERE session_id = ?").run(sessionId).changes > 0;
}

interface LeaderRow {
  member_id: number;
  platform: MemberKey["platform"];
  user_id: string;
}

interface SessionIdRow {
  session_id: string;
}

/** The session's leader by the first of their identities (how the CLI and reports show them). */
export function leaderOf(db: Db, sessionId: string): MemberKey | undefined {
  const row = statement<[string], LeaderRow>(
    db,
    `SELECT l.member_id, i.platform, i.user_id FROM session_leaders l JOIN identities i ON i.member_id = l.member_id
      WHERE l.session_id = ? ORDER BY i.id LIMIT 1`,
  ).get(sessionId);
  return row && { platform: row.platform, userId: row.user_id };
}

export function isLeaderOf(db: Db, sessionId: string, memberId: number): boolean {
  return (
    statement(db, "SELECT 1 FROM session_leaders WHERE session_id = ? AND member_id = ?").get(sessionId, memberId) !==
    undefined
  );
}

/** The sessions this member leads, oldest first (cancelled ones too: the leader should see them). */
export function sessionsLedBy(db: Db, memberId: number): SessionWithCounts[] {
  const ids = statement<[number], SessionIdRow>(
    db,
    `SELECT l.session_id FROM session_leaders l JOIN sessions s ON s.id = l.session_id
       WHERE l.member_id = ? ORDER BY s.starts_at, s.id`,
  ).all(memberId);
  return ids.flatMap((row) => getSession(db, row.session_id) ?? []);
}

export function leadsAnySession(db: Db, memberId: number): boolean {
  return statement(db, "SELECT 1 FROM session_leaders WHERE member_id = ? LIMIT 1").get(memberId) !== undefined;
}
