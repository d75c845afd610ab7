import type { Action, Block, PlatformLimits, Reply } from "../contract.js";
import type { Reaction } from "../domain/consultation-reactions.js";
import type { Consultation, ConsultationTask } from "../domain/consultations.js";
import { answerKey } from "../domain/report-format.js";
import { type ConsultationTexts, consultationTexts } from "../i18n/consultation-texts.js";
import { ConsultationActions, reactionValue } from "./consultation-action-ids.js";
import { buttonLabel } from "./leader-views.js";
import type { ViewContext } from "./view-context.js";
import { notice } from "./views.js";

// A member's side of a consultation round: the invitation, the reminder, the "Uw reactie" overview and one form
// per core task. Pure: data in, Reply out.

export interface ConsultationView extends ViewContext {
  ct: ConsultationTexts;
  /** What the reader's platform shows at most. */
  limits: PlatformLimits;
  /** The longest answer: the format's `maxAnswerLength`, capped by what the platform's inputs take. */
  answerLength: number;
}

export function consultationView(view: ViewContext, limits: PlatformLimits, maxAnswerLength = 3000): ConsultationView {
  return {
    ...view,
    ct: consultationTexts(view.locale),
    limits,
    answerLength: Math.min(maxAnswerLength, limits.inputLength),
  };
}

const taskLines = (round: Consultation, v: ConsultationView) =>
  round.tasks.map((task) => `• **${task.label[v.locale]}**\n${v.ct.draftLink(task.draftUrl)}`);

const reactButton = (round: Consultation, v: ConsultationView): Action => ({
  id: ConsultationActions.open,
  label: v.ct.buttonReact,
  value: String(round.id),
  style: "primary",
});

/** The invitation the outbox brings: what to react to, until when, named or anonymous; no key (it names nobody). */
export function inviteCard(round: Consultation, v: ConsultationView): Reply {
  const intro = v.ct.invite(round.title);
  const note = round.anonymous ? v.ct.inviteAnonymousNote : v.ct.namedNote;
  const closes = v.ct.closesAt(v.dateTime(round.closesAt));
  const lines = taskLines(round, v);
  return {
    title: v.ct.title,
    text: `${intro} ${closes}`,
    blocks: [
      { kind: "text", text: `${intro}\n${v.ct.inviteHow}` },
      { kind: "text", text: lines.join("\n") },
      { kind: "text", text: `${closes}\n${note}` },
      { kind: "actions", actions: [reactButton(round, v)] },
    ],
  };
}

/** The one reminder to who started and did not submit. */
export function reminderCard(round: Consultation, v: ConsultationView): Reply {
  const text = [v.ct.reminder(round.title, v.dateTime(round.closesAt))];
  if (round.anonymous) text.push(v.ct.reminderAnonymous);
  return {
    title: v.ct.title,
    text: text.join(" "),
    blocks: [
      { kind: "text", text: text.join("\n") },
      { kind: "actions", actions: [reactButton(round, v)] },
    ],
  };
}

const filled = (task: ConsultationTask, reaction: Reaction | undefined) =>
  task.questions.filter((q) => Boolean(reaction?.answers[answerKey(task.taskId, q.id)]?.trim())).length;

/**
 * "Uw reactie": per core task how many questions are answered, a button per task, submit, the state. In an
 * anonymous round every button carries the card's key: this card is the member's only way back to the reaction.
 */
export function reactionOverview(
  round: Consultation,
  reaction: Reaction | undefined,
  key: string | undefined,
  v: ConsultationView,
  message?: string,
): Reply {
  const until = v.dateTime(round.closesAt);
  const state =
    reaction?.status === "submitted"
      ? v.ct.stateSubmitted(reaction.submittedAt ? v.dateTime(reaction.submittedAt) : "", until)
      : reaction
        ? v.ct.stateDraft(until)
        : v.ct.stateNew(until);
  const fields = round.tasks.map((task) => ({
    label: task.label[v.locale],
    value: v.ct.partDone(filled(task, reaction), task.questions.length),
  }));
  const value = (taskId: string) => reactionValue({ consultationId: round.id, taskId, ...(key ? { key } : {}) });
  const actions: Action[] = [];
  if (reaction?.status !== "submitted") {
    actions.push({ id: ConsultationActions.submit, label: v.ct.buttonSubmit, value: value(""), style: "primary" });
  }
  const intro = `**${round.title}**\n${round.anonymous ? v.ct.anonymousNote : v.ct.namedNote}`;
  const blocks: Block[] = [
    ...(message ? [{ kind: "text", text: message } satisfies Block] : []),
    { kind: "text", text: intro },
    { kind: "fields", fields },
    {
      kind: "actions",
      actions: round.tasks.map((task, index) => ({
        id: ConsultationActions.part,
        label: buttonLabel(`${index + 1}. ${task.label[v.locale]}`, v.limits),
        value: value(task.taskId),
      })),
    },
    { kind: "text", text: state },
    ...(actions.length ? [{ kind: "actions", actions } satisfies Block] : []),
  ];
  const lines = [message, round.title, ...fields.map((f) => `${f.label}: ${f.value}`), state].filter(Boolean);
  return {
    title: v.ct.yourReaction,
    text: lines.join("\n"),
    blocks,
    replaceSource: true,
    ...(key ? { confidential: true } : {}),
  };
}

export interface PartDraft {
  values?: Record<string, string>;
  errors?: Record<string, string>;
}

/** One core task as a form: its heading, the draft's link, a multi-line input per question, all optional. */
export function reactionPartForm(
  round: Consultation,
  task: ConsultationTask,
  reaction: Reaction | undefined,
  key: string | undefined,
  v: ConsultationView,
  draft: PartDraft = {},
): Reply {
  const index = round.tasks.findIndex((t) => t.taskId === task.taskId);
  const heading = task.label[v.locale];
  const inputs: Block[] = task.questions.map((question) => {
    const id = answerKey(task.taskId, question.id);
    const value = draft.values && id in draft.values ? draft.values[id] : reaction?.answers[id];
    const error = draft.errors?.[id];
    return {
      kind: "input",
      id,
      label: question.label[v.locale],
      multiline: true,
      maxLength: v.answerLength,
      optional: true,
      ...(value ? { value } : {}),
      ...(error ? { error } : {}),
    };
  });
  return {
    title: v.ct.formTitle(index + 1, round.tasks.length),
    text: `${heading} (${round.title})`,
    blocks: [{ kind: "text", text: `**${heading}**\n${round.title}\n${v.ct.draftLink(task.draftUrl)}` }, ...inputs],
    form: {
      submit: {
        id: ConsultationActions.save,
        label: v.ct.save,
        value: reactionValue({ consultationId: round.id, taskId: task.taskId, ...(key ? { key } : {}) }),
        style: "primary",
      },
    },
    ...(key ? { confidential: true } : {}),
  };
}

/** A member who started an anonymous reaction comes back without its card: where it is, or start over. */
export function startedElsewhere(round: Consultation, v: ConsultationView): Reply {
  return notice(v.ct.startedElsewhere, {
    title: v.ct.yourReaction,
    blocks: [
      { kind: "text", text: `**${round.title}**\n${v.ct.startedElsewhere}` },
      {
        kind: "actions",
        actions: [{ id: ConsultationActions.startOver, label: v.ct.buttonStartOver, value: String(round.id) }],
      },
    ],
  });
}

/** Several rounds open for the member: one line and a button each. */
export function openRoundsList(rounds: Consultation[], v: ConsultationView): Reply {
  const header = v.ct.openRounds(rounds.length);
  const blocks: Block[] = [{ kind: "text", text: header }];
  for (const round of rounds.slice(0, 10)) {
    blocks.push({ kind: "text", text: `**${round.title}**\n${v.ct.closesAt(v.dateTime(round.closesAt))}` });
    blocks.push({ kind: "actions", actions: [reactButton(round, v)] });
  }
  return { title: v.ct.title, text: [header, ...rounds.map((r) => r.title)].join("\n"), blocks };
}
