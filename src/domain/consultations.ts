import { type Db, inTransaction } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import { type Actor, type Member, memberIdOfActor, type Role, roles } from "../types.js";
import { audienceMembers } from "./audience.js";

// Consultation rounds ("reactierondes", issue 19): a title, per core task a draft and its questions, an audience by
// role, an open and a close time, named or anonymous. The reactions are in consultation-reactions.ts.

export interface ConsultationQuestion {
  id: string;
  label: { nl: string; en: string };
}
export interface ConsultationTask {
  taskId: string;
  label: { nl: string; en: string };
  draftUrl: string;
  questions: ConsultationQuestion[];
}
/** "all", or the roles it goes to. */
export type ConsultationAudience = "all" | Role[];
export interface ConsultationDraft {
  title: string;
  tasks: ConsultationTask[];
  audience: ConsultationAudience;
  opensAt: number;
  closesAt: number;
  anonymous: boolean;
}
export interface Consultation extends ConsultationDraft {
  id: number;
  status: "scheduled" | "open" | "closed";
  remindedAt: number | null;
  closedAt: number | null;
  createdBy: number | null;
  createdAt: number;
}

interface ConsultationRow {
  id: number;
  title: string;
  audience: string;
  opens_at: number;
  closes_at: number;
  anonymous: number;
  status: Consultation["status"];
  reminded_at: number | null;
  closed_at: number | null;
  created_by: number | null;
  created_at: number;
}

interface TaskRow {
  task_id: string;
  label: string;
  draft_url: string;
  questions: string;
}

const isRole = (text: string): text is Role => (roles as readonly string[]).includes(text);

/** Stored as 'all' or the roles in their usual order, joined by ','. */
const audienceText = (audience: ConsultationAudience): string =>
  audience === "all" ? "all" : roles.filter((role) => audience.includes(role)).join(",");

const audienceOfText = (text: string): ConsultationAudience =>
  text === "all" ? "all" : text.split(",").filter(isRole);

function tasksOf(db: Db, id: number): ConsultationTask[] {
  return statement<[number], TaskRow>(
    db,
    "SELECT task_id, label, draft_url, questions FROM consultation_tasks WHERE consultation_id = ? ORDER BY position",
  )
    .all(id)
    .map((row) => ({
      taskId: row.task_id,
      label: JSON.parse(row.label) as ConsultationTask["label"],
      draftUrl: row.draft_url,
      questions: JSON.parse(row.questions) as ConsultationQuestion[],
    }));
}

const toConsultation = (db: Db, row: ConsultationRow): Consultation => ({
  id: row.id,
  title: row.title,
  tasks: tasksOf(db, row.id),
  audience: audienceOfText(row.audience),
  opensAt: row.opens_at,
  closesAt: row.closes_at,
  anonymous: row.anonymous === 1,
  status: row.status,
  remindedAt: row.reminded_at,
  closedAt: row.closed_at,
  createdBy: row.created_by,
  createdAt: row.created_at,
});

const columns = `id, title, audience, opens_at, closes_at, anonymous, status, reminded_at, closed_at, created_by,
  created_at`;

function selectRounds<P extends unknown[]>(db: Db, where: string, ...params: P): Consultation[] {
  return statement<P, ConsultationRow>(db, `SELECT ${columns} FROM consultations WHERE ${where} ORDER BY id DESC`)
    .all(...params)
    .map((row) => toConsultation(db, row));
}

/** Stores a round with its tasks as they are now (a later change of the format file changes no open round). */
export function createConsultation(db: Db, draft: ConsultationDraft, createdBy: Actor, now: number): Consultation {
  if (draft.audience !== "all" && draft.audience.length === 0) throw new Error("a consultation needs an audience");
  return inTransaction(db, () => {
    const id = Number(
      statement(
        db,
        `INSERT INTO consultations (title, audience, opens_at, closes_at, anonymous, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        draft.title,
        audienceText(draft.audience),
        draft.opensAt,
        draft.closesAt,
        draft.anonymous ? 1 : 0,
        memberIdOfActor(createdBy),
        now,
      ).lastInsertRowid,
    );
    const insertTask = statement(
      db,
      `INSERT INTO consultation_tasks (consultation_id, position, task_id, label, draft_url, questions)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    draft.tasks.forEach((task, position) => {
      insertTask.run(
        id,
        position,
        task.taskId,
        JSON.stringify(task.label),
        task.draftUrl,
        JSON.stringify(task.questions),
      );
    });
    const round = getConsultation(db, id);
    if (!round) throw new Error("consultation vanished after insert");
    return round;
  });
}

export function getConsultation(db: Db, id: number): Consultation | undefined {
  return selectRounds(db, "id = ?", id)[0];
}

/** Newest first. */
export function listConsultations(db: Db): Consultation[] {
  return selectRounds(db, "1");
}

/** Scheduled rounds whose open time has come (and whose close has not). */
export function consultationsToOpen(db: Db, now: number): Consultation[] {
  return selectRounds(db, "status = 'scheduled' AND opens_at <= ? AND ? < closes_at", now, now);
}

/** scheduled → open, once: false when it was opened (or closed) already. */
export function markOpened(db: Db, id: number): boolean {
  return (
    statement(db, "UPDATE consultations SET status = 'open' WHERE id = ? AND status = 'scheduled'").run(id).changes > 0
  );
}

/** Open rounds not yet reminded whose close is within `beforeMs`. */
export function consultationsToRemind(db: Db, now: number, beforeMs: number): Consultation[] {
  return selectRounds(
    db,
    "status = 'open' AND reminded_at IS NULL AND closes_at - ? <= ? AND ? < closes_at",
    beforeMs,
    now,
    now,
  );
}

/** Once: false when the round was reminded already. */
export function markReminded(db: Db, id: number, now: number): boolean {
  return (
    statement(db, "UPDATE consultations SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL").run(now, id)
      .changes > 0
  );
}

/** Rounds not closed whose close time has come (also a scheduled one that never opened). */
export function consultationsToClose(db: Db, now: number): Consultation[] {
  return selectRounds(db, "status != 'closed' AND closes_at <= ?", now);
}

/** Closes once: status closed, closed_at; drafts never submitted are deleted, their participants' rows too. */
export function closeConsultation(db: Db, id: number, now: number): boolean {
  return inTransaction(db, () => {
    const closed =
      statement(
        db,
        "UPDATE consultations SET status = 'closed', closed_at = ? WHERE id = ? AND status != 'closed'",
      ).run(now, id).changes > 0;
    if (!closed) return false;
    // A participant still "started" has no submitted reaction (submitting makes them "submitted"), and every
    // draft is one nobody submitted: in an anonymous round the two cannot be paired, and need not be.
    statement(db, "DELETE FROM consultation_reactions WHERE consultation_id = ? AND status = 'draft'").run(id);
    statement(db, "DELETE FROM consultation_participants WHERE consultation_id = ? AND state = 'started'").run(id);
    return true;
  });
}

/** Whether a member of this role is in the round's audience ("all" takes everyone, also an unknown role). */
export function inConsultationAudience(audience: ConsultationAudience, role: Role | null): boolean {
  if (audience === "all") return true;
  return role !== null && audience.includes(role);
}

/** The members a round goes to: the one audience resolver's members, those of its roles. */
export function consultationMembers(db: Db, audience: ConsultationAudience): Member[] {
  return audienceMembers(db, { kind: "everyone" }).filter((member) => inConsultationAudience(audience, member.role));
}

/** Open rounds (status open, now < closes_at) the member's role is in, newest first. */
export function openConsultationsFor(db: Db, role: Role | null, now: number): Consultation[] {
  return selectRounds(db, "status = 'open' AND ? < closes_at", now).filter((round) =>
    inConsultationAudience(round.audience, role),
  );
}

const roleWords: Record<string, Role> = {
  huisarts: "huisarts",
  huisartsen: "huisarts",
  gp: "huisarts",
  gps: "huisarts",
  aios: "aios",
  trainee: "aios",
  trainees: "aios",
  stakeholder: "stakeholder",
  stakeholders: "stakeholder",
  anders: "other",
  other: "other",
};

/** "all"/"iedereen"/"" or roles by , or space ("huisarts, stakeholder"); Dutch and English names. */
export function parseConsultationAudience(text: string): ConsultationAudience | undefined {
  const value = text.trim().toLowerCase();
  if (value === "" || value === "all" || value === "iedereen" || value === "everyone") return "all";
  const chosen = new Set<Role>();
  for (const word of value.split(/[\s,]+/).filter(Boolean)) {
    const role = roleWords[word];
    if (!role) return undefined;
    chosen.add(role);
  }
  return roles.filter((role) => chosen.has(role));
}
