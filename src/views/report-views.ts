import type { Block, Reply } from "../contract.js";
import { answerKey, generalPartId, otherPointsKey, type ReportFormat, reportParts } from "../domain/report-format.js";
import type { Report } from "../domain/reports.js";
import type { SessionWithCounts } from "../types.js";
import { LeaderActionIds, LeaderInputIds } from "./leader-action-ids.js";
import { buttonLabel, dateTime, type LeaderView } from "./leader-views.js";
import { when } from "./session-blocks.js";

// The session report: an overview with one form per core task and a last form for other points and participants.

export function partLabel(format: ReportFormat, partId: string, v: LeaderView): string {
  if (partId === generalPartId) return v.lt.reportGeneralPart;
  return format.coreTasks.find((task) => task.id === partId)?.label[v.locale] ?? partId;
}

/** The input ids of a part: one per question of a core task; other points and participants in the general part. */
export function partInputIds(format: ReportFormat, partId: string): string[] {
  if (partId === generalPartId) return [otherPointsKey, LeaderInputIds.participants];
  return format.questions.map((question) => answerKey(partId, question.id));
}

function filledCount(format: ReportFormat, partId: string, report: Report | undefined): number {
  return partInputIds(format, partId).filter((id) =>
    id === LeaderInputIds.participants ? report?.participants != null : Boolean(report?.answers[id]?.trim()),
  ).length;
}

export function reportOverview(
  session: SessionWithCounts,
  format: ReportFormat,
  report: Report | undefined,
  v: LeaderView,
  message?: string,
): Reply {
  const intro = v.lt.reportIntro(session.title, when(session, v));
  const submitted = report?.status === "submitted";
  const parts = reportParts(format);
  const fields = parts.map((partId) => ({
    label: partLabel(format, partId, v),
    value: v.lt.reportPartDone(filledCount(format, partId, report), partInputIds(format, partId).length),
  }));
  const blocks: Block[] = [
    ...(message ? [{ kind: "text", text: message } satisfies Block] : []),
    { kind: "text", text: intro },
    { kind: "fields", fields },
  ];
  const submittedLine = submitted && report?.submittedAt ? v.lt.reportSubmitted(dateTime(report.submittedAt, v)) : "";
  if (submittedLine) blocks.push({ kind: "text", text: submittedLine });
  else {
    blocks.push({
      kind: "actions",
      actions: parts.map((partId, index) => ({
        id: LeaderActionIds.reportPart,
        label: buttonLabel(`${index + 1}. ${partLabel(format, partId, v)}`, v.limits),
        value: `${session.id}:${partId}`,
      })),
    });
    blocks.push({
      kind: "actions",
      actions: [
        { id: LeaderActionIds.reportSubmit, label: v.lt.reportSubmit, value: session.id, style: "primary" },
        { id: LeaderActionIds.sessions, label: v.lt.buttonBack },
      ],
    });
  }
  const lines = [message, intro, ...fields.map((f) => `${f.label}: ${f.value}`), submittedLine].filter(Boolean);
  return { title: v.lt.reportTitle, text: lines.join("\n"), blocks };
}

export interface PartDraft {
  values?: Record<string, string>;
  errors?: Record<string, string>;
}

/** One part of the report as a form, prefilled from the draft (or from what was just typed, with errors). */
export function reportPartForm(
  session: SessionWithCounts,
  format: ReportFormat,
  partId: string,
  report: Report | undefined,
  v: LeaderView,
  draft: PartDraft = {},
): Reply {
  const parts = reportParts(format);
  const index = parts.indexOf(partId);
  const heading = partLabel(format, partId, v);
  const prefill = (id: string): string | undefined => {
    if (draft.values && id in draft.values) return draft.values[id];
    if (id === LeaderInputIds.participants)
      return report?.participants != null ? String(report.participants) : undefined;
    return report?.answers[id];
  };
  const withValue = (id: string) => {
    const value = prefill(id);
    const error = draft.errors?.[id];
    return { ...(value ? { value } : {}), ...(error ? { error } : {}) };
  };
  const inputs: Block[] =
    partId === generalPartId
      ? [
          {
            kind: "input",
            id: otherPointsKey,
            label: format.otherPoints.label[v.locale],
            multiline: true,
            maxLength: format.maxAnswerLength,
            optional: true,
            ...withValue(otherPointsKey),
          },
          {
            kind: "input",
            id: LeaderInputIds.participants,
            label: format.participants.label[v.locale],
            maxLength: 5,
            optional: true,
            ...withValue(LeaderInputIds.participants),
          },
        ]
      : format.questions.map((question) => ({
          kind: "input" as const,
          id: answerKey(partId, question.id),
          label: question.label[v.locale],
          multiline: true,
          maxLength: format.maxAnswerLength,
          optional: true,
          ...withValue(answerKey(partId, question.id)),
        }));
  const context = `${session.title}, ${when(session, v)}`;
  return {
    title: v.lt.reportPartTitle(index + 1, parts.length),
    text: `${heading} (${context})`,
    blocks: [{ kind: "text", text: `**${heading}**\n${context}` }, ...inputs],
    form: {
      submit: {
        id: LeaderActionIds.reportSave,
        label: v.lt.reportSave,
        value: `${session.id}:${partId}`,
        style: "primary",
      },
    },
  };
}

/** The polite reminder to a leader who owes a report, with the button to the form. */
export function reportReminder(session: SessionWithCounts, hasDraft: boolean, v: LeaderView): Reply {
  const text = [
    v.lt.reportReminder(session.title, when(session, v)),
    ...(hasDraft ? [v.lt.reportReminderDraft] : []),
  ].join(" ");
  return {
    title: v.lt.reportTitle,
    text,
    blocks: [
      { kind: "text", text },
      {
        kind: "actions",
        actions: [{ id: LeaderActionIds.report, label: v.lt.buttonFillReport, value: session.id, style: "primary" }],
      },
    ],
  };
}
