import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import type { Audience, Role, Session } from "../types.js";

// The dashboard's session figures: every session's fill in one query (counts from the sign-ups index, or the
// totals kept once retention removed a past session's sign-ups), sign-ups bucketed by time, and one session's
// breakdown by role and attendance. A leader's view is the same queries limited to the sessions they lead.

export interface SessionFillRow {
  id: string;
  title: string;
  starts_at: number;
  city: string;
  region: string;
  status: Session["status"];
  capacity: number;
  confirmed: number;
  waitlisted: number;
}

export interface SessionDetailRow extends SessionFillRow {
  venue: string;
  audience: Audience;
  leader_name: string;
  report_status: "draft" | "submitted" | null;
  /** Attendance kept after retention removed the sign-ups (null while they are there). */
  kept_attended: number | null;
}

export interface TimeBucket {
  /** The bucket's start (epoch ms); buckets are a quarter of an hour, so any zone's day boundary falls between. */
  at: number;
  n: number;
}

export interface RoleCountRow {
  role: Role | "unknown";
  confirmed: number;
  waitlisted: number;
}

export interface AttendanceCountRow {
  attended: number;
  absent: number;
  unrecorded: number;
}

/** A quarter of an hour: every zone's offset is a whole number of them. */
export const bucketMs = 900_000;

// A past session's counts are kept in session_totals when its sign-ups expire; until then session_counts holds them
// (kept by triggers on signups, migration 017): one key lookup a session, not a count of its sign-ups.
const counted = (status: "confirmed" | "waitlisted") => `CASE WHEN t.session_id IS NOT NULL THEN t.${status}
    ELSE coalesce((SELECT c.${status} FROM session_counts c WHERE c.session_id = s.id), 0) END`;

const fillColumns = `s.id, s.title, s.starts_at, s.city, s.region, s.status, s.capacity,
  ${counted("confirmed")} AS confirmed, ${counted("waitlisted")} AS waitlisted`;

const ledBy = "s.id IN (SELECT l.session_id FROM session_leaders l WHERE l.member_id = ?)";

export const sessionFillsSql = `SELECT ${fillColumns} FROM sessions s
  LEFT JOIN session_totals t ON t.session_id = s.id ORDER BY s.starts_at, s.id`;
export const ledSessionFillsSql = `SELECT ${fillColumns} FROM sessions s
  LEFT JOIN session_totals t ON t.session_id = s.id WHERE ${ledBy} ORDER BY s.starts_at, s.id`;

/** Every session with its counts (the leader's only when `leaderId` is given), by start. */
export function sessionFills(db: Db, leaderId?: number): SessionFillRow[] {
  return leaderId === undefined
    ? statement<[], SessionFillRow>(db, sessionFillsSql).all()
    : statement<[number], SessionFillRow>(db, ledSessionFillsSql).all(leaderId);
}

const bucketColumns = `g.created_at / ${bucketMs} * ${bucketMs} AS at, count(*) AS n`;
// A cancelled session's sign-ups are no one's place any more: left out, as from the overview's totals.
const activeSignups = `g.status IN ('confirmed', 'waitlisted')
    AND g.session_id NOT IN (SELECT c.id FROM sessions c WHERE c.status = 'cancelled')`;
export const signupBucketsSql = `SELECT ${bucketColumns} FROM signups g WHERE ${activeSignups} GROUP BY 1 ORDER BY 1`;
export const ledSignupBucketsSql = `SELECT ${bucketColumns} FROM signups g WHERE ${activeSignups}
    AND g.session_id IN (SELECT l.session_id FROM session_leaders l WHERE l.member_id = ?) GROUP BY 1 ORDER BY 1`;

/** Active sign-ups (confirmed and waitlisted, of sessions not cancelled) by when they were made, in quarter-hour buckets, oldest first. */
export function signupBuckets(db: Db, leaderId?: number): TimeBucket[] {
  return leaderId === undefined
    ? statement<[], TimeBucket>(db, signupBucketsSql).all()
    : statement<[number], TimeBucket>(db, ledSignupBucketsSql).all(leaderId);
}

export const sessionDetailSql = `SELECT ${fillColumns}, s.venue, s.audience, s.leader_name,
    r.status AS report_status, t.attended AS kept_attended
  FROM sessions s LEFT JOIN session_totals t ON t.session_id = s.id
  LEFT JOIN session_reports r ON r.session_id = s.id WHERE s.id = ?`;

export function sessionDetailRow(db: Db, sessionId: string): SessionDetailRow | undefined {
  return statement<[string], SessionDetailRow>(db, sessionDetailSql).get(sessionId);
}

export const roleCountsSql = `SELECT coalesce(m.role, 'unknown') AS role,
    sum(g.status = 'confirmed') AS confirmed, sum(g.status = 'waitlisted') AS waitlisted
  FROM signups g JOIN members m ON m.id = g.member_id
  WHERE g.session_id = ? AND g.status IN ('confirmed', 'waitlisted') GROUP BY 1 ORDER BY 1`;

/** Confirmed and waitlisted per role (members without a role as `unknown`). */
export function roleCounts(db: Db, sessionId: string): RoleCountRow[] {
  return statement<[string], RoleCountRow>(db, roleCountsSql).all(sessionId);
}

export const attendanceCountsSql = `SELECT coalesce(sum(a.attended = 1), 0) AS attended,
    coalesce(sum(a.attended = 0), 0) AS absent, coalesce(sum(a.attended IS NULL), 0) AS unrecorded
  FROM signups g LEFT JOIN attendance a ON a.session_id = g.session_id AND a.member_id = g.member_id
  WHERE g.session_id = ? AND g.status = 'confirmed'`;

/** The confirmed members as the leader marked them: came, did not come, not marked. */
export function attendanceCounts(db: Db, sessionId: string): AttendanceCountRow {
  return (
    statement<[string], AttendanceCountRow>(db, attendanceCountsSql).get(sessionId) ?? {
      attended: 0,
      absent: 0,
      unrecorded: 0,
    }
  );
}
