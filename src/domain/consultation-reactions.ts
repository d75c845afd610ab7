import { createHash, randomBytes } from "node:crypto";
import { type Db, inTransaction } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import type { Role } from "../types.js";
import { type Consultation, getConsultation } from "./consultations.js";
import { answerKey } from "./report-format.js";

// One member's reaction to a round: answers per core task and question, a draft until submitted, changeable until
// the close. Why an anonymous reaction is found by a key only the member's card carries: migration 016.

/** How the service finds a member's reaction: by member in a named round, by the card's key in an anonymous one. */
export type ReactionAuthor = { kind: "named"; memberId: number } | { kind: "anonymous"; memberId: number; key: string };

export interface Reaction {
  reactionId: string;
  consultationId: number;
  status: "draft" | "submitted";
  answers: Record<string, string>;
  updatedAt: number | null;
  submittedAt: number | null;
}

interface ReactionRow {
  reaction_id: string;
  consultation_id: number;
  status: Reaction["status"];
  answers: string;
  updated_at: number | null;
  submitted_at: number | null;
}

/** 16 random bytes, base64url: the key of an anonymous reaction, and every reaction's id. */
export function newReactionKey(): string {
  return randomBytes(16).toString("base64url");
}

/** What is stored of a key: its SHA-256, so a copy of the database opens no reaction's card. */
const keyHash = (key: string): string => createHash("sha256").update(key).digest("base64url");

const toReaction = (row: ReactionRow): Reaction => ({
  reactionId: row.reaction_id,
  consultationId: row.consultation_id,
  status: row.status,
  answers: JSON.parse(row.answers) as Record<string, string>,
  updatedAt: row.updated_at,
  submittedAt: row.submitted_at,
});

const reactionColumns = "reaction_id, consultation_id, status, answers, updated_at, submitted_at";

export function getReaction(db: Db, consultationId: number, author: ReactionAuthor): Reaction | undefined {
  const row =
    author.kind === "named"
      ? statement<[number, number], ReactionRow>(
          db,
          `SELECT ${reactionColumns} FROM consultation_reactions WHERE consultation_id = ? AND member_id = ?`,
        ).get(consultationId, author.memberId)
      : statement<[number, string], ReactionRow>(
          db,
          `SELECT ${reactionColumns} FROM consultation_reactions WHERE consultation_id = ? AND token_hash = ?`,
        ).get(consultationId, keyHash(author.key));
  return row && toReaction(row);
}

export function participantState(
  db: Db,
  consultationId: number,
  memberId: number,
): "started" | "submitted" | undefined {
  return statement<[number, number], { state: "started" | "submitted" }>(
    db,
    "SELECT state FROM consultation_participants WHERE consultation_id = ? AND member_id = ?",
  ).get(consultationId, memberId)?.state;
}

/** Open at `now` as stored now (the caller's copy may be older than a close). */
function isOpen(db: Db, round: Consultation, now: number): boolean {
  const current = getConsultation(db, round.id);
  return current !== undefined && current.status === "open" && now >= current.opensAt && now < current.closesAt;
}

const knownKeys = (round: Consultation) =>
  new Set(round.tasks.flatMap((task) => task.questions.map((question) => answerKey(task.taskId, question.id))));

/**
 * Merges answers (an empty text clears one) into the author's reaction, creating it; the participant becomes
 * "started" unless "submitted". "closed" when the round is not open at `now` (status or closes_at <= now).
 * Keys that are no question of the round are left out; texts are kept exactly as given (newlines, diacritics).
 * A submitted reaction stays submitted: it may be changed until the close.
 */
export function saveReactionAnswers(
  db: Db,
  round: Consultation,
  author: ReactionAuthor,
  role: Role | null,
  answers: Record<string, string>,
  now: number,
): Reaction | "closed" {
  return inTransaction(db, (): Reaction | "closed" => {
    if (!isOpen(db, round, now)) return "closed";
    const existing = getReaction(db, round.id, author);
    const merged: Record<string, string> = { ...existing?.answers };
    const known = knownKeys(round);
    for (const [key, text] of Object.entries(answers)) {
      if (!known.has(key)) continue;
      if (text.trim() === "") delete merged[key];
      else merged[key] = text;
    }
    const named = author.kind === "named";
    // Anonymous reactions keep no time: a time could be matched with a member's activity.
    const updatedAt = named ? now : null;
    if (existing) {
      statement(
        db,
        `UPDATE consultation_reactions SET answers = ?, role = ?, updated_at = ?
         WHERE consultation_id = ? AND reaction_id = ?`,
      ).run(JSON.stringify(merged), role, updatedAt, round.id, existing.reactionId);
    } else {
      statement(
        db,
        `INSERT INTO consultation_reactions (consultation_id, reaction_id, member_id, token_hash, role, status, answers,
           updated_at) VALUES (?, ?, ?, ?, ?, 'draft', ?, ?)`,
      ).run(
        round.id,
        newReactionKey(),
        named ? author.memberId : null,
        named ? null : keyHash(author.key),
        role,
        JSON.stringify(merged),
        updatedAt,
      );
    }
    statement(
      db,
      `INSERT INTO consultation_participants (consultation_id, member_id, state) VALUES (?, ?, 'started')
       ON CONFLICT DO NOTHING`,
    ).run(round.id, author.memberId);
    const saved = getReaction(db, round.id, author);
    if (!saved) throw new Error("reaction vanished after save");
    return saved;
  });
}

/** "submitted" once; "already" when this member submitted before (any key); "empty" without any answer; "closed". */
export function submitReaction(
  db: Db,
  round: Consultation,
  author: ReactionAuthor,
  now: number,
): "submitted" | "already" | "empty" | "closed" {
  return inTransaction(db, () => {
    if (!isOpen(db, round, now)) return "closed";
    if (participantState(db, round.id, author.memberId) === "submitted") return "already";
    const reaction = getReaction(db, round.id, author);
    if (!reaction || Object.keys(reaction.answers).length === 0) return "empty";
    statement(
      db,
      "UPDATE consultation_reactions SET status = 'submitted', submitted_at = ? WHERE consultation_id = ? AND reaction_id = ?",
    ).run(author.kind === "named" ? now : null, round.id, reaction.reactionId);
    statement(
      db,
      `INSERT INTO consultation_participants (consultation_id, member_id, state) VALUES (?, ?, 'submitted')
       ON CONFLICT DO UPDATE SET state = 'submitted'`,
    ).run(round.id, author.memberId);
    return "submitted";
  });
}

/** Members who started and did not submit (for the one reminder). */
export function startedNotSubmitted(db: Db, consultationId: number): number[] {
  return statement<[number], { member_id: number }>(
    db,
    "SELECT member_id FROM consultation_participants WHERE consultation_id = ? AND state = 'started' ORDER BY member_id",
  )
    .all(consultationId)
    .map((row) => row.member_id);
}

export interface SubmittedReaction {
  reactionId: string;
  role: Role | null;
  memberId: number | null;
  rosterName: string | null;
  answers: Record<string, string>;
  submittedAt: number | null;
}

interface SubmittedRow {
  reaction_id: string;
  role: Role | null;
  member_id: number | null;
  roster_name: string | null;
  answers: string;
  submitted_at: number | null;
}

/** Submitted reactions by reaction id (random order); names only in named rounds. */
export function submittedReactions(db: Db, consultationId: number): SubmittedReaction[] {
  return statement<[number], SubmittedRow>(
    db,
    `SELECT r.reaction_id, r.role, r.member_id, m.roster_name, r.answers, r.submitted_at
     FROM consultation_reactions r LEFT JOIN members m ON m.id = r.member_id
     WHERE r.consultation_id = ? AND r.status = 'submitted' ORDER BY r.reaction_id`,
  )
    .all(consultationId)
    .map((row) => ({
      reactionId: row.reaction_id,
      role: row.role,
      memberId: row.member_id,
      rosterName: row.roster_name,
      answers: JSON.parse(row.answers) as Record<string, string>,
      submittedAt: row.submitted_at,
    }));
}

/** Participants by state: `started` have not submitted (yet), `submitted` have. */
export function participationCounts(db: Db, consultationId: number): { started: number; submitted: number } {
  const row = statement<[number], { started: number; submitted: number }>(
    db,
    `SELECT count(*) FILTER (WHERE state = 'started') AS started, count(*) FILTER (WHERE state = 'submitted') AS submitted
     FROM consultation_participants WHERE consultation_id = ?`,
  ).get(consultationId);
  return { started: row?.started ?? 0, submitted: row?.submitted ?? 0 };
}
