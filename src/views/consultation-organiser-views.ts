import type { Action, Block, InputOption, Reply } from "../contract.js";
import type { Consultation } from "../domain/consultations.js";
import type { ConsultationErrorKey } from "../i18n/consultation-texts.js";
import { type Role, roles } from "../types.js";
import { ConsultationActions, ConsultationFields, draftField } from "./consultation-action-ids.js";
import type { ConsultationView } from "./consultation-views.js";
import { notice } from "./views.js";

// The organisers' side of consultation rounds: the list with counts, the form that opens a round, the export.

interface RoundCounts {
  round: Consultation;
  started: number;
  submitted: number;
}

export function roundsList(rounds: RoundCounts[], v: ConsultationView): Reply {
  const blocks: Block[] = [{ kind: "text", text: rounds.length ? v.ct.listTitle : v.ct.listNone }];
  const lines: string[] = [];
  for (const { round, started, submitted } of rounds) {
    const kind = round.anonymous ? v.ct.anonymousLabel : v.ct.namedLabel;
    const line = v.ct.listLine(v.dateTime(round.opensAt), v.dateTime(round.closesAt), started, submitted);
    const head = `**${round.title}** (${v.ct.status[round.status] ?? round.status}, ${kind})`;
    blocks.push({ kind: "text", text: `${head}\n${line}` });
    lines.push(`${round.title}: ${line}`);
    const actions: Action[] = [{ id: ConsultationActions.export, label: v.ct.buttonExport, value: String(round.id) }];
    if (round.status !== "closed") {
      actions.push({ id: ConsultationActions.close, label: v.ct.buttonClose, value: String(round.id) });
    }
    blocks.push({ kind: "actions", actions });
  }
  blocks.push({
    kind: "actions",
    actions: [{ id: ConsultationActions.create, label: v.ct.buttonNew, style: "primary" }],
  });
  return { title: v.ct.listTitle, text: [v.ct.listTitle, ...lines].join("\n"), blocks };
}

/** The core tasks the form asks a draft link for: the report format's, in its order. */
interface FormTask {
  id: string;
  label: { nl: string; en: string };
}

function audienceOptions(v: ConsultationView): InputOption[] {
  const named = roles.map((role: Role) => ({ label: v.t.roleName[role], value: role }));
  return [{ label: v.ct.audienceAll, value: "all" }, ...named];
}

/** "Nieuwe reactieronde": title, a draft link per core task, audience, open and close, named or anonymous. */
export function roundForm(
  tasks: FormTask[],
  v: ConsultationView,
  defaults: { opens: string },
  values: Record<string, string> = {},
  errors: Record<string, ConsultationErrorKey> = {},
): Reply {
  const input = (id: string, label: string, extra: Partial<Extract<Block, { kind: "input" }>> = {}): Block => {
    const value = values[id] ?? extra.value ?? "";
    const error = errors[id];
    return {
      kind: "input",
      id,
      label,
      ...extra,
      ...(value ? { value } : {}),
      ...(error ? { error: v.ct.errors[error] } : {}),
    };
  };
  return {
    title: v.ct.formNew,
    text: v.ct.formNew,
    blocks: [
      input(ConsultationFields.title, v.ct.fieldTitle, { maxLength: 150 }),
      ...tasks.map((task) =>
        input(draftField(task.id), v.ct.fieldDraft(task.label[v.locale]), { maxLength: 500, optional: true }),
      ),
      input(ConsultationFields.audience, v.ct.fieldAudience, {
        options: audienceOptions(v),
        multiple: true,
        value: "all",
      }),
      input(ConsultationFields.opens, v.ct.fieldOpens, { value: defaults.opens, maxLength: 16 }),
      input(ConsultationFields.closes, v.ct.fieldCloses, { maxLength: 16 }),
      input(ConsultationFields.anonymous, v.ct.fieldAnonymous, {
        options: [
          { label: v.ct.optionNamed, value: "named" },
          { label: v.ct.optionAnonymous, value: "anonymous" },
        ],
        value: "named",
      }),
    ],
    form: { submit: { id: ConsultationActions.createSubmit, label: v.ct.formSubmit, style: "primary" } },
  };
}

export function createdNotice(round: Consultation, v: ConsultationView): Reply {
  return notice(v.ct.created(round.title, v.dateTime(round.opensAt), v.dateTime(round.closesAt)));
}

export function exportReply(round: Consultation, csv: string, v: ConsultationView): Reply {
  return notice(v.ct.exportReady(round.title), {
    attachments: [{ filename: `reactieronde-${round.id}.csv`, mediaType: "text/csv", content: csv }],
  });
}

/** Closing early discards the drafts: asked once before it is done. */
export function closeQuestion(round: Consultation, v: ConsultationView): Reply {
  const text = v.ct.closeQuestion(round.title);
  return notice(text, {
    blocks: [
      { kind: "text", text },
      {
        kind: "actions",
        actions: [
          {
            id: ConsultationActions.closeConfirm,
            label: v.ct.buttonCloseConfirm,
            value: String(round.id),
            style: "danger",
          },
          { id: ConsultationActions.keepOpen, label: v.ct.buttonKeepOpen },
        ],
      },
    ],
  });
}

/** The organisers' note at the close. */
export function closedNote(round: Consultation, submitted: number, v: ConsultationView): Reply {
  return notice(v.ct.closedNote(round.title, submitted), { title: v.ct.title });
}
