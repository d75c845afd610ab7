import { stringify } from "csv-stringify/sync";
import { DateTime } from "luxon";
import { attendanceList } from "../domain/attendance.js";
import { getSession, listSessions } from "../domain/sessions.js";
import type { Db } from "../storage/db.js";

const columns = ["session_id", "session", "city", "date", "name", "role", "attended"] as const;

/**
 * Attendance of one session, or of every session held so far: one row per confirmed member, `attended` is
 * yes, no, or empty when the leader has not marked it.
 */
export function exportAttendance(
  db: Db,
  options: { sessionId?: string; now: number; zone: string; format: "csv" | "json" },
): string {
  const sessions = options.sessionId
    ? [getSession(db, options.sessionId)].flatMap((s) => s ?? [])
    : listSessions(db).filter((s) => s.startsAt <= options.now);
  const rows = sessions.flatMap((session) =>
    attendanceList(db, session.id).map((entry) => ({
      session_id: session.id,
      session: session.title,
      city: session.city,
      date: DateTime.fromMillis(session.startsAt, { zone: options.zone }).toISODate() ?? "",
      name: entry.rosterName,
      role: entry.role,
      attended: entry.attended === undefined ? "" : entry.attended ? "yes" : "no",
    })),
  );
  if (options.format === "json") return `${JSON.stringify(rows, null, 2)}\n`;
  return stringify(rows, { header: true, columns: [...columns] });
}
