import type { ConsultationAudience, ConsultationDraft, ConsultationQuestion } from "./consultations.js";
import type { ReportFormat } from "./report-format.js";

// A new round as an organiser gives it (the CLI's options; the chat's form may use it too): checked against the
// report format, whose core tasks are the only ones a round can ask about.

interface ConsultationRequest {
  title: string;
  /** Per core task id, the https link to its draft; a task without a link is not asked about. */
  drafts: Record<string, string>;
  /** The same questions for every task; default: the format's `consultationQuestions`. */
  questions?: ConsultationQuestion[];
  audience: ConsultationAudience;
  opensAt: number;
  closesAt: number;
  anonymous: boolean;
}

export type ConsultationProblem =
  | { kind: "title" }
  | { kind: "no_drafts" }
  | { kind: "unknown_task"; taskId: string }
  | { kind: "not_https"; taskId: string }
  | { kind: "closes_before_opens" }
  | { kind: "closes_in_past" };

const maxTitle = 150;

const isHttps = (text: string): boolean => {
  try {
    return new URL(text).protocol === "https:";
  } catch {
    return false;
  }
};

/** The round to store, or every problem with the request. Tasks come in the format's order. */
export function checkConsultation(
  format: ReportFormat,
  request: ConsultationRequest,
  now: number,
): { ok: true; draft: ConsultationDraft } | { ok: false; problems: ConsultationProblem[] } {
  const problems: ConsultationProblem[] = [];
  const title = request.title.replace(/\s+/g, " ").trim();
  if (!title || title.length > maxTitle) problems.push({ kind: "title" });
  const known = new Set(format.coreTasks.map((task) => task.id));
  for (const [taskId, url] of Object.entries(request.drafts)) {
    if (!known.has(taskId)) problems.push({ kind: "unknown_task", taskId });
    else if (!isHttps(url.trim())) problems.push({ kind: "not_https", taskId });
  }
  if (Object.keys(request.drafts).length === 0) problems.push({ kind: "no_drafts" });
  if (request.closesAt <= request.opensAt) problems.push({ kind: "closes_before_opens" });
  else if (request.closesAt <= now) problems.push({ kind: "closes_in_past" });
  if (problems.length > 0) return { ok: false, problems };
  const questions = request.questions ?? format.consultationQuestions;
  const tasks = format.coreTasks.flatMap((task) => {
    const url = request.drafts[task.id];
    return url ? [{ taskId: task.id, label: task.label, draftUrl: url.trim(), questions }] : [];
  });
  const { audience, opensAt, closesAt, anonymous } = request;
  return { ok: true, draft: { title, tasks, audience, opensAt, closesAt, anonymous } };
}
