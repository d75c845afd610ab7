import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";

// Which sessions have a report: every session not cancelled (as report-status.ts lists them), its leader as
// imported, whether a leader is linked in the bot, and the report's status, in one query.

export interface ReportRowData {
  id: string;
  title: string;
  starts_at: number;
  leader_name: string;
  leader_linked: number;
  report_status: "draft" | "submitted" | null;
}

const reportColumns = `SELECT s.id, s.title, s.starts_at, s.leader_name, l.session_id IS NOT NULL AS leader_linked,
    r.status AS report_status
  FROM sessions s LEFT JOIN session_leaders l ON l.session_id = s.id
  LEFT JOIN session_reports r ON r.session_id = s.id WHERE s.status = 'open'`;

export const reportRowsSql = `${reportColumns} ORDER BY s.starts_at, s.id`;
export const ledReportRowsSql = `${reportColumns} AND l.member_id = ? ORDER BY s.starts_at, s.id`;

/** Every open session with its report's status (the leader's own only when `leaderId` is given), by start. */
export function reportRows(db: Db, leaderId?: number): ReportRowData[] {
  return leaderId === undefined
    ? statement<[], ReportRowData>(db, reportRowsSql).all()
    : statement<[number], ReportRowData>(db, ledReportRowsSql).all(leaderId);
}
