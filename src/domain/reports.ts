import { type Db, inTransaction } from "../storage/db.js";

// Session reports: saved as a draft part by part, then submitted once.

export interface Report {
  sessionId: string;
  status: "draft" | "submitted";
  answers: Record<string, string>;
  participants: number | null;
  formatVersion: string;
  updatedAt: number;
  submittedAt: number | null;
}

interface ReportRow {
  session_id: string;
  status: Report["status"];
  answers: string;
  participants: number | null;
  format_version: string;
  updated_at: number;
  submitted_at: number | null;
}

function toReport(row: ReportRow): Report {
  return {
    sessionId: row.session_id,
    status: row.status,
    answers: JSON.parse(row.answers) as Record<string, string>,
    participants: row.participants,
    formatVersion: row.format_version,
    updatedAt: row.updated_at,
    submittedAt: row.submitted_at,
  };
}

export function getReport(db: Db, sessionId: string): Report | undefined {
  const row = db.prepare<[string], ReportRow>("SELECT * FROM session_reports WHERE session_id = ?").get(sessionId);
  return row && toReport(row);
}

export interface DraftChanges {
  /** Answers to set; an empty string clears one. */
  answers: Record<string, string>;
  /** Set when the part holds the participant count; null clears it. */
  participants?: number | null;
}

/** Merges a part into the draft. A submitted report is not changed: the answer is "submitted". */
export function saveDraft(
  db: Db,
  sessionId: string,
  changes: DraftChanges,
  formatVersion: string,
  now: number,
): Report | "submitted" {
  return inTransaction(db, () => {
    const current = getReport(db, sessionId);
    if (current?.status === "submitted") return "submitted";
    const answers = { ...(current?.answers ?? {}) };
    for (const [key, value] of Object.entries(changes.answers)) {
      if (value) answers[key] = value;
      else delete answers[key];
    }
    const participants = changes.participants !== undefined ? changes.participants : (current?.participants ?? null);
    db.prepare(
      `INSERT INTO session_reports (session_id, status, answers, participants, format_version, updated_at)
       VALUES (?, 'draft', ?, ?, ?, ?)
       ON CONFLICT (session_id) DO UPDATE SET answers = excluded.answers, participants = excluded.participants,
         format_version = excluded.format_version, updated_at = excluded.updated_at`,
    ).run(sessionId, JSON.stringify(answers), participants, formatVersion, now);
    const saved = getReport(db, sessionId);
    if (!saved) throw new Error("report vanished after save");
    return saved;
  });
}

/** Marks the draft as submitted; false when there is no draft or it was submitted before (a double click). */
export function submitReport(db: Db, sessionId: string, now: number): boolean {
  return (
    db
      .prepare(
        "UPDATE session_reports SET status = 'submitted', submitted_at = ?, updated_at = ? WHERE session_id = ? AND status = 'draft'",
      )
      .run(now, now, sessionId).changes > 0
  );
}

/** Every submitted report, by session start. */
export function submittedReports(db: Db): Report[] {
  return db
    .prepare<[], ReportRow>(
      `SELECT r.* FROM session_reports r JOIN sessions s ON s.id = r.session_id
         WHERE r.status = 'submitted' ORDER BY s.starts_at, s.id`,
    )
    .all()
    .map(toReport);
}

/** A leader of an open session that ended in the window and whose report is not submitted. */
export interface ReportOwed {
  sessionId: string;
  leaderId: number;
}

interface ReportOwedRow {
  id: string;
  member_id: number;
}

/** Leaders owing a report for sessions that ended in (`endedAfter`, `endedBy`], earliest end first. */
export function reportsOwed(db: Db, endedBy: number, endedAfter: number): ReportOwed[] {
  return db
    .prepare<[number, number], ReportOwedRow>(
      `SELECT s.id, l.member_id FROM sessions s
         JOIN session_leaders l ON l.session_id = s.id
         LEFT JOIN session_reports r ON r.session_id = s.id
         WHERE s.status = 'open' AND s.ends_at <= ? AND s.ends_at > ? AND (r.status IS NULL OR r.status <> 'submitted')
         ORDER BY s.ends_at`,
    )
    .all(endedBy, endedAfter)
    .map((row) => ({ sessionId: row.id, leaderId: row.member_id }));
}
