import { stringify } from "csv-stringify/sync";
import { DateTime } from "luxon";
import { answerKey, generalPartId, otherPointsKey, type ReportFormat } from "../domain/report-format.js";
import { submittedReports } from "../domain/reports.js";
import { getSession } from "../domain/sessions.js";
import type { Db } from "../storage/db.js";

// All submitted reports, arranged by core task and question, each answer with its session, city and date.

interface SessionRef {
  session_id: string;
  session: string;
  city: string;
  date: string;
  participants: number | null;
}

interface AnswerRow extends SessionRef {
  core_task_id: string;
  core_task: string;
  question_id: string;
  question: string;
  answer: string;
}

const csvColumns = [
  "core_task_id",
  "core_task",
  "question_id",
  "question",
  "session_id",
  "session",
  "city",
  "date",
  "participants",
  "answer",
] as const;

function collect(db: Db, format: ReportFormat, zone: string): { sessions: SessionRef[]; rows: AnswerRow[] } {
  const reports = submittedReports(db).flatMap((report) => {
    const session = getSession(db, report.sessionId);
    if (!session) return [];
    const ref: SessionRef = {
      session_id: session.id,
      session: session.title,
      city: session.city,
      date: DateTime.fromMillis(session.startsAt, { zone }).toISODate() ?? "",
      participants: report.participants,
    };
    return [{ ref, answers: report.answers }];
  });
  const rows: AnswerRow[] = [];
  const known = new Set<string>();
  for (const task of format.coreTasks) {
    for (const question of format.questions) {
      const key = answerKey(task.id, question.id);
      known.add(key);
      for (const { ref, answers } of reports) {
        const answer = answers[key];
        if (answer) {
          rows.push({
            core_task_id: task.id,
            core_task: task.label.nl,
            question_id: question.id,
            question: question.label.nl,
            ...ref,
            answer,
          });
        }
      }
    }
  }
  known.add(otherPointsKey);
  for (const { ref, answers } of reports) {
    const answer = answers[otherPointsKey];
    if (answer) {
      rows.push({
        core_task_id: generalPartId,
        core_task: "",
        question_id: otherPointsKey,
        question: format.otherPoints.label.nl,
        ...ref,
        answer,
      });
    }
  }
  // Answers to questions a later format no longer has: kept, under their key, so nothing is lost.
  for (const { ref, answers } of reports) {
    for (const [key, answer] of Object.entries(answers)) {
      if (known.has(key) || !answer) continue;
      const [taskId = key, questionId = ""] = key.split(".");
      rows.push({ core_task_id: taskId, core_task: "", question_id: questionId, question: "", ...ref, answer });
    }
  }
  return { sessions: reports.map((r) => r.ref), rows };
}

export function exportReports(db: Db, format: ReportFormat, zone: string, as: "csv" | "json"): string {
  const { sessions, rows } = collect(db, format, zone);
  if (as === "csv") return stringify(rows, { header: true, columns: [...csvColumns] });
  const answersFor = (taskId: string, questionId: string) =>
    rows
      .filter((row) => row.core_task_id === taskId && row.question_id === questionId)
      .map(({ session_id, session, city, date, answer }) => ({ session_id, session, city, date, answer }));
  const document = {
    format: format.version,
    sessions,
    coreTasks: format.coreTasks.map((task) => ({
      id: task.id,
      label: task.label,
      questions: format.questions.map((question) => ({
        id: question.id,
        label: question.label,
        answers: answersFor(task.id, question.id),
      })),
    })),
    otherPoints: { label: format.otherPoints.label, answers: answersFor(generalPartId, otherPointsKey) },
    unmatched: rows.filter(
      (row) =>
        !(row.core_task_id === generalPartId && row.question_id === otherPointsKey) &&
        !format.coreTasks.some(
          (task) => task.id === row.core_task_id && format.questions.some((q) => q.id === row.question_id),
        ),
    ),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
