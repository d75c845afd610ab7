import { readFileSync, statSync } from "node:fs";
import { z } from "zod";
import { commonLimits, type PlatformLimits } from "../contract.js";

// The common format of a session report, read from a file (REPORT_FORMAT_PATH) so the working groups can change it.

const label = z.object({
  nl: z.string().trim().min(1, "Dutch text is required").max(500, "at most 500 characters"),
  en: z.string().trim().min(1, "English text is required").max(500, "at most 500 characters"),
});
const id = z.string().regex(/^[a-z0-9_-]{1,40}$/, "use a-z, 0-9, - and _ (at most 40)");

/** The last form of a report holds these; a core task may not use the id. */
export const generalPartId = "general";
export const otherPointsKey = "other";

/** The working groups' three questions, when the format file names none. */
const defaultConsultationQuestions = [
  {
    id: "aanbod",
    label: {
      nl: "Op welk concreet aanbod kunnen patiënten en stakeholders rekenen?",
      en: "What concrete offer can patients and stakeholders count on?",
    },
  },
  {
    id: "probleem",
    label: { nl: "Wat is het probleem of de uitdaging, en waarom?", en: "What is the problem or challenge, and why?" },
  },
  { id: "aanpak", label: { nl: "Hoe kunnen huisartsen ermee omgaan?", en: "How can GPs deal with it?" } },
];

const consultationQuestionsSchema = (limits: PlatformLimits) =>
  z
    .array(z.object({ id, label }))
    .min(1)
    .max(Math.min(10, limits.blocksPerForm - 2));

/** The format as the platform whose forms show it allows: inputs, fields and blocks within its limits. */
const reportFormatSchema = (limits: PlatformLimits) =>
  z
    .object({
      version: z.string().trim().min(1).max(40),
      /** An answer fits the platform's longest input. */
      maxAnswerLength: z.number().int().min(100).max(limits.inputLength).default(limits.inputLength),
      coreTasks: z
        .array(z.object({ id: id.refine((v) => v !== generalPartId, `"${generalPartId}" is reserved`), label }))
        .min(1)
        // The overview shows one field per part (tasks + general) in one fields block.
        .max(limits.fieldsPerBlock - 1),
      /** Asked for every core task; one form per core task (a heading and its questions) fits the form's blocks. */
      questions: z
        .array(z.object({ id, label, required: z.boolean().default(true) }))
        .min(1)
        .max(Math.min(10, limits.blocksPerForm - 1)),
      /** A consultation round asks these per core task unless its organiser brings others (issue 19); its form per
       *  core task holds a heading, the draft's link and one input per question. */
      consultationQuestions: consultationQuestionsSchema(limits).default(defaultConsultationQuestions),
      otherPoints: z.object({ label }),
      participants: z.object({ label, max: z.number().int().min(1).max(10_000).default(1000) }),
    })
    .superRefine((format, ctx) => {
      for (const key of ["coreTasks", "questions", "consultationQuestions"] as const) {
        const seen = new Set<string>();
        format[key].forEach((item, index) => {
          if (seen.has(item.id)) ctx.addIssue({ code: "custom", path: [key, index, "id"], message: "repeats an id" });
          seen.add(item.id);
        });
      }
    });

export type ReportFormat = z.infer<ReturnType<typeof reportFormatSchema>>;

export class ReportFormatError extends Error {
  override name = "ReportFormatError";
}

/**
 * Validates a format given as data, for a platform's limits (by default what every platform shows); the error names
 * every problem with its path.
 */
export function parseReportFormat(
  data: unknown,
  source = "report format",
  limits: PlatformLimits = commonLimits,
): ReportFormat {
  const result = reportFormatSchema(limits).safeParse(data);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "(file)"}: ${issue.message}`);
  throw new ReportFormatError(`${source} is not a valid report format:\n${lines.join("\n")}`);
}

/** A round's own questions (a file the organiser brings): as the format's `consultationQuestions`. */
export function parseConsultationQuestions(
  data: unknown,
  source: string,
  limits: PlatformLimits = commonLimits,
): ReportFormat["consultationQuestions"] {
  const result = consultationQuestionsSchema(limits)
    .refine((list) => new Set(list.map((q) => q.id)).size === list.length, "repeats an id")
    .safeParse(data);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "(file)"}: ${issue.message}`);
  throw new ReportFormatError(`${source} is not a valid list of questions:\n${lines.join("\n")}`);
}

/** The last format read per platform's limits and path, with the file's stamp then (re-read when it changes). */
const loaded = new WeakMap<PlatformLimits, Map<string, { stamp: string; format: ReportFormat }>>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

/**
 * Reads the format file. Checked on every use, so a changed file changes the next form; read and validated again
 * only when its size or modification time changed (each click on a report or reaction form asks for it). The
 * format returned is frozen: it is shared by every caller until the file changes.
 */
export function loadReportFormat(path: string, limits: PlatformLimits = commonLimits): ReportFormat {
  const unreadable = (error: unknown) =>
    new ReportFormatError(`cannot read the report format ${path}: ${(error as NodeJS.ErrnoException).code}`);
  let stamp: string;
  let text: string;
  try {
    const stat = statSync(path);
    stamp = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    const hit = loaded.get(limits)?.get(path);
    if (hit?.stamp === stamp) return hit.format;
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw unreadable(error);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ReportFormatError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const format = deepFreeze(parseReportFormat(data, path, limits));
  const byPath = loaded.get(limits) ?? new Map<string, { stamp: string; format: ReportFormat }>();
  loaded.set(limits, byPath.set(path, { stamp, format }));
  return format;
}

export const answerKey = (taskId: string, questionId: string) => `${taskId}.${questionId}`;

/** The parts of the report form: one per core task, then the general part (other points, participants). */
export function reportParts(format: ReportFormat): string[] {
  return [...format.coreTasks.map((task) => task.id), generalPartId];
}

/** The required answers that are still empty, as answer keys. */
export function missingAnswers(format: ReportFormat, answers: Record<string, string>): string[] {
  return format.coreTasks.flatMap((task) =>
    format.questions
      .filter((question) => question.required)
      .map((question) => answerKey(task.id, question.id))
      .filter((key) => !answers[key]?.trim()),
  );
}
