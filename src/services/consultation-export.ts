import { stringify } from "csv-stringify/sync";
import { audit } from "../domain/audit.js";
import { type SubmittedReaction, submittedReactions } from "../domain/consultation-reactions.js";
import { type Consultation, getConsultation } from "../domain/consultations.js";
import { smallGroup } from "../domain/polls.js";
import { answerKey } from "../domain/report-format.js";
import type { Db } from "../storage/db.js";
import type { Actor, Role } from "../types.js";

// A round's submitted reactions for the working groups, by core task and question, with counts per role. An
// anonymous round's export never carries a name or member id, and its reactions carry the merged role group: a
// role with fewer than `smallGroup` reactions is "overig", so a lone stakeholder cannot be picked out.

/** A role as counted: its own, "unknown" when the member never said, or the merged small groups. */
type RoleGroup = Role | "unknown" | "overig";

export interface ConsultationExport {
  consultation: {
    id: number;
    title: string;
    anonymous: boolean;
    /** ISO 8601, UTC. */
    opensAt: string;
    closesAt: string;
    status: Consultation["status"];
  };
  counts: { reactions: number; byRole: Record<string, number>; byTask: Record<string, Record<string, number>> };
  reactions: {
    reactionId: string;
    role: RoleGroup;
    /** Named rounds only. */
    name?: string | null;
    memberId?: number | null;
    answers: { coreTask: string; question: string; text: string }[];
  }[];
}

const csvColumns = [
  "consultation_id",
  "title",
  "core_task",
  "core_task_label",
  "question_id",
  "question",
  "reaction_id",
  "role",
  "name",
  "member_id",
  "answer",
] as const;

const roleOf = (reaction: SubmittedReaction): Role | "unknown" => reaction.role ?? "unknown";

/** Counts by role, a role under `smallGroup` merged into "overig" (which is shown even when it stays small). */
function countByRole(reactions: SubmittedReaction[]): { counts: Record<string, number>; merged: Set<string> } {
  const raw = new Map<string, number>();
  for (const reaction of reactions) raw.set(roleOf(reaction), (raw.get(roleOf(reaction)) ?? 0) + 1);
  const counts: Record<string, number> = {};
  const merged = new Set<string>();
  for (const [role, n] of [...raw.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (n >= smallGroup) counts[role] = n;
    else merged.add(role);
  }
  const overig = [...merged].reduce((sum, role) => sum + (raw.get(role) ?? 0), 0);
  if (overig > 0) counts.overig = overig;
  return { counts, merged };
}

const answered = (reaction: SubmittedReaction, taskId: string, questionIds: string[]) =>
  questionIds.some((id) => reaction.answers[answerKey(taskId, id)]);

type Counts = ConsultationExport["counts"];

function countsOf(round: Consultation, reactions: SubmittedReaction[]): Counts & { merged: Set<string> } {
  const { counts: byRole, merged } = countByRole(reactions);
  const byTask = Object.fromEntries(
    round.tasks.map((task) => {
      const ids = task.questions.map((q) => q.id);
      return [task.taskId, countByRole(reactions.filter((r) => answered(r, task.taskId, ids))).counts];
    }),
  );
  return { reactions: reactions.length, byRole, byTask, merged };
}

/** A round's counts as its export has them (the dashboard shows them beside the download). */
export function consultationCounts(db: Db, round: Consultation): Counts {
  const { merged: _, ...counts } = countsOf(round, submittedReactions(db, round.id));
  return counts;
}

function model(db: Db, round: Consultation): ConsultationExport {
  const reactions = submittedReactions(db, round.id);
  const { merged, ...counts } = countsOf(round, reactions);
  // One group per reaction for the whole round (a reaction id ties its answers together anyway).
  const group = (reaction: SubmittedReaction): RoleGroup =>
    round.anonymous && merged.has(roleOf(reaction)) ? "overig" : roleOf(reaction);
  return {
    consultation: {
      id: round.id,
      title: round.title,
      anonymous: round.anonymous,
      opensAt: new Date(round.opensAt).toISOString(),
      closesAt: new Date(round.closesAt).toISOString(),
      status: round.status,
    },
    counts,
    reactions: reactions.map((reaction) => ({
      reactionId: reaction.reactionId,
      role: group(reaction),
      ...(round.anonymous ? {} : { name: reaction.rosterName, memberId: reaction.memberId }),
      answers: round.tasks.flatMap((task) =>
        task.questions.flatMap((question) => {
          const text = reaction.answers[answerKey(task.taskId, question.id)];
          return text ? [{ coreTask: task.taskId, question: question.id, text }] : [];
        }),
      ),
    })),
  };
}

/** CSV: one row per answered question, by task, question and reaction id. Texts byte for byte (quoted fields). */
function toCsv(round: Consultation, data: ConsultationExport): string {
  const rows = round.tasks.flatMap((task) =>
    task.questions.flatMap((question) =>
      data.reactions.flatMap((reaction) => {
        const answer = reaction.answers.find((a) => a.coreTask === task.taskId && a.question === question.id);
        if (!answer) return [];
        return [
          [
            data.consultation.id,
            data.consultation.title,
            task.taskId,
            task.label.nl,
            question.id,
            question.label.nl,
            reaction.reactionId,
            reaction.role,
            reaction.name ?? "",
            reaction.memberId ?? "",
            answer.text,
          ],
        ];
      }),
    ),
  );
  return stringify(rows, { header: true, columns: [...csvColumns] });
}

/** A round's submitted reactions as CSV or JSON; throws for an unknown round. */
export function exportConsultation(db: Db, id: number, format: "csv" | "json"): string {
  const round = getConsultation(db, id);
  if (!round) throw new Error(`consultation ${id} not found`);
  const data = model(db, round);
  return format === "csv" ? toCsv(round, data) : `${JSON.stringify(data, null, 2)}\n`;
}

/** The export an organiser takes (chat, dashboard or CLI), in the audit log with its format. */
export function exportForOrganiser(db: Db, id: number, format: "csv" | "json", actor: Actor, now: number): string {
  const text = exportConsultation(db, id, format);
  audit(db, { actor, action: "consultation.export", subject: `consultation:${id}`, detail: format }, now);
  return text;
}
