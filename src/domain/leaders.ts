import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import type { SessionWithCounts } from "../types.js";
import { formatMemberKey, type MemberKey } from "./member-key.js";
import { getSession } from "./sessions.js";

// Who leads which session. A leader is not an organiser: they see and act only on their own sessions.

/** Links (or relinks) the session's leader; false when the session does not exist. */
export function linkLeader(db: Db, sessionId: string, key: MemberKey, now: number): boolean {
  if (!getSession(db, sessionId)) return false;
  statement(
    db,
    `INSERT INTO session_leaders (session_id, platform, user_id, linked_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (session_id) DO UPDATE SET platform = excluded.platform, user_id = excluded.user_id,
       linked_at = excluded.linked_at
     WHERE (platform, user_id) IS NOT (excluded.platform, excluded.user_id)`,
  ).run(sessionId, key.platform, key.userId, now);
  return true;
}

export function unlinkLeader(db: Db, sessionId: string): boolean {
  return statement(db, "DELETE FROM session_leaders WHERE session_id = ?").run(sessionId).changes > 0;
}

interface LeaderRow {
  platform: MemberKey["platform"];
  user_id: string;
}

interface SessionIdRow {
  session_id: string;
}

export function leaderOf(db: Db, sessionId: string): MemberKey | undefined {
  const row = statement<[string], LeaderRow>(
    db,
    "SELECT platform, user_id FROM session_leaders WHERE session_id = ?",
  ).get(sessionId);
  return row && { platform: row.platform, userId: row.user_id };
}

export function isLeaderOf(db: Db, sessionId: string, key: MemberKey): boolean {
  const leader = leaderOf(db, sessionId);
  return leader !== undefined && formatMemberKey(leader) === formatMemberKey(key);
}

/** The sessions this user leads, oldest first (cancelled ones too: the leader should see them). */
export function sessionsLedBy(db: Db, key: MemberKey): SessionWithCounts[] {
  const ids = statement<[MemberKey["platform"], string], SessionIdRow>(
    db,
    `SELECT l.session_id FROM session_leaders l JOIN sessions s ON s.id = l.session_id
       WHERE l.platform = ? AND l.user_id = ? ORDER BY s.starts_at, s.id`,
  ).all(key.platform, key.userId);
  return ids.flatMap((row) => getSession(db, row.session_id) ?? []);
}

export function leadsAnySession(db: Db, key: MemberKey): boolean {
  return (
    statement(db, "SELECT 1 FROM session_leaders WHERE platform = ? AND user_id = ? LIMIT 1").get(
      key.platform,
      key.userId,
    ) !== undefined
  );
}
