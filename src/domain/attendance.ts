import { type Db, inTransaction } from "../storage/db.js";
import { statement } from "../storage/statements.js";

// Attendance as the leader marks it: for each confirmed member, attended or not.

export interface AttendanceEntry {
  memberId: number;
  rosterName: string;
  role: string;
  /** undefined: not marked yet. */
  attended: boolean | undefined;
}

interface AttendanceRow {
  member_id: number;
  roster_name: string | null;
  role: string | null;
  attended: number | null;
}

/** The confirmed members of a session with their attendance, in sign-up order. */
export function attendanceList(db: Db, sessionId: string): AttendanceEntry[] {
  const rows = statement<[string], AttendanceRow>(
    db,
    `SELECT g.member_id, m.roster_name, m.role, a.attended FROM signups g
       JOIN members m ON m.id = g.member_id
       LEFT JOIN attendance a ON a.session_id = g.session_id AND a.member_id = g.member_id
       WHERE g.session_id = ? AND g.status = 'confirmed' ORDER BY g.seq`,
  ).all(sessionId);
  return rows.map((row) => ({
    memberId: row.member_id,
    rosterName: row.roster_name ?? "",
    role: row.role ?? "",
    attended: row.attended === null ? undefined : row.attended === 1,
  }));
}

/**
 * Records who attended: the given members attended, every other confirmed member did not. Idempotent, so a
 * double click or a correction simply writes the same or the new truth.
 */
export function markAttendance(db: Db, sessionId: string, attendedIds: readonly number[], now: number): number {
  return inTransaction(db, () => {
    const present = new Set(attendedIds);
    const upsert = statement(
      db,
      `INSERT INTO attendance (session_id, member_id, attended, marked_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (session_id, member_id) DO UPDATE SET attended = excluded.attended, marked_at = excluded.marked_at`,
    );
    const confirmed = attendanceList(db, sessionId);
    for (const entry of confirmed) upsert.run(sessionId, entry.memberId, present.has(entry.memberId) ? 1 : 0, now);
    return confirmed.filter((entry) => present.has(entry.memberId)).length;
  });
}
