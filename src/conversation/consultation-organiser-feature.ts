import type { Reply } from "../contract.js";
import { audit } from "../domain/audit.js";
import { type ConsultationProblem, checkConsultation } from "../domain/consultation-input.js";
import { participationCounts } from "../domain/consultation-reactions.js";
import {
  type ConsultationAudience,
  type ConsultationDraft,
  createConsultation,
  getConsultation,
  listConsultations,
  parseConsultationAudience,
} from "../domain/consultations.js";
import { cleanLine } from "../domain/form-input.js";
import { loadReportFormat, type ReportFormat, ReportFormatError } from "../domain/report-format.js";
import type { ConsultationErrorKey } from "../i18n/consultation-texts.js";
import { exportForOrganiser } from "../services/consultation-export.js";
import { closeRound, openConsultation } from "../services/consultation-service.js";
import { limitsOf } from "../services/platform-profiles.js";
import { formatLocalDateTime, parseLocalDateTime } from "../time/local-time.js";
import { ConsultationActions, ConsultationFields, draftField } from "../views/consultation-action-ids.js";
import {
  closeQuestion,
  createdNotice,
  exportReply,
  roundForm,
  roundsList,
} from "../views/consultation-organiser-views.js";
import { type ConsultationView, consultationView } from "../views/consultation-views.js";
import { notice } from "../views/views.js";
import { type Feature, forOrganisers, organiserText, type Turn } from "./turn.js";

// Organisers open consultation rounds in chat and follow them: the list with counts, the form, the export.

const viewOf = (turn: Turn): ConsultationView => consultationView(turn.view, limitsOf(turn.from.platform));

/** The core tasks and the default questions, from the report format file (read on use, as the report form does). */
function format(turn: Turn): ReportFormat | undefined {
  try {
    return loadReportFormat(turn.ctx.config.REPORT_FORMAT_PATH, limitsOf(turn.from.platform));
  } catch (error) {
    if (!(error instanceof ReportFormatError)) throw error;
    turn.ctx.log.error({ err: error.message }, "report format unusable");
    return undefined;
  }
}

const formDate = (epochMs: number, zone: string) => formatLocalDateTime(epochMs, zone, "dutch");

function audienceOf(text: string | undefined): ConsultationAudience | undefined {
  const chosen = (text ?? "").split(",").map((part) => part.trim());
  if (chosen.includes("all") || chosen.every((part) => !part)) return "all";
  return parseConsultationAudience(chosen.join(","));
}

type Errors = Record<string, ConsultationErrorKey>;
type Checked = { ok: true; draft: ConsultationDraft } | { ok: false; errors: Errors };

/** Where the shared check's problems show in the form, beside their fields. */
function problemField(problem: ConsultationProblem, title: string, firstTask: string): [string, ConsultationErrorKey] {
  switch (problem.kind) {
    case "title":
      return [ConsultationFields.title, title ? "tooLong" : "required"];
    case "no_drafts":
      return [draftField(firstTask), "noTask"];
    case "unknown_task":
    case "not_https":
      return [draftField(problem.taskId), "url"];
    case "closes_before_opens":
      return [ConsultationFields.closes, "closesAfterOpens"];
    case "closes_in_past":
      return [ConsultationFields.closes, "closesInPast"];
  }
}

/** The form read as a request, then the rules the CLI applies too (checkConsultation), each mistake by its field. */
function checkRound(turn: Turn, fmt: ReportFormat, values: Record<string, string>): Checked {
  const errors: Errors = {};
  const zone = turn.ctx.config.BOT_TIMEZONE;
  const title = cleanLine(values[ConsultationFields.title]);
  const drafts: Record<string, string> = {};
  for (const task of fmt.coreTasks) {
    const url = cleanLine(values[draftField(task.id)]);
    if (url) drafts[task.id] = url;
  }
  const audience = audienceOf(values[ConsultationFields.audience]);
  if (!audience) errors[ConsultationFields.audience] = "audience";
  const opensAt = parseLocalDateTime(values[ConsultationFields.opens] ?? "", zone);
  if (opensAt === undefined) errors[ConsultationFields.opens] = "dateTime";
  const closesAt = parseLocalDateTime(values[ConsultationFields.closes] ?? "", zone);
  if (closesAt === undefined) errors[ConsultationFields.closes] = "dateTime";
  const kind = values[ConsultationFields.anonymous] ?? "named";
  if (kind !== "named" && kind !== "anonymous") errors[ConsultationFields.anonymous] = "choice";
  // Times that did not parse are checked as "always open", so the other fields still get their messages.
  const request = {
    title,
    drafts,
    audience: audience ?? "all",
    opensAt: opensAt ?? turn.now,
    closesAt: closesAt ?? Number.MAX_SAFE_INTEGER,
    anonymous: kind === "anonymous",
  };
  const checked = checkConsultation(fmt, request, turn.now);
  const firstTask = fmt.coreTasks[0]?.id ?? "";
  for (const problem of checked.ok ? [] : checked.problems) {
    const [field, error] = problemField(problem, title, firstTask);
    errors[field] ??= error;
  }
  if (!checked.ok || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, draft: checked.draft };
}

function form(turn: Turn, values: Record<string, string> = {}, errors: Record<string, ConsultationErrorKey> = {}) {
  const v = viewOf(turn);
  const fmt = format(turn);
  if (!fmt) return notice(v.ct.formatBroken);
  return roundForm(fmt.coreTasks, v, { opens: formDate(turn.now, v.zone) }, values, errors);
}

function create(turn: Turn, values: Record<string, string> = {}): Reply[] {
  const v = viewOf(turn);
  const fmt = format(turn);
  if (!fmt) return [notice(v.ct.formatBroken)];
  const checked = checkRound(turn, fmt, values);
  if (!checked.ok) return [roundForm(fmt.coreTasks, v, { opens: formDate(turn.now, v.zone) }, values, checked.errors)];
  const round = createConsultation(turn.ctx.db, checked.draft, turn.actor, turn.now);
  audit(
    turn.ctx.db,
    { actor: turn.actor, action: "consultation.create", subject: `consultation:${round.id}` },
    turn.now,
  );
  // A round that opens now invites now, not at the scheduler's next tick.
  if (round.opensAt <= turn.now) openConsultation(turn.ctx, round, turn.now);
  return [createdNotice(getConsultation(turn.ctx.db, round.id) ?? round, v)];
}

function list(turn: Turn): Reply[] {
  const rounds = listConsultations(turn.ctx.db)
    .slice(0, 10)
    .map((round) => ({ round, ...participationCounts(turn.ctx.db, round.id) }));
  return [roundsList(rounds, viewOf(turn))];
}

const roundOf = (turn: Turn, value: string | undefined) =>
  /^\d+$/.test(value ?? "") ? getConsultation(turn.ctx.db, Number(value)) : undefined;

/** Closes early, once asked: no reaction is accepted after, drafts lapse, the organisers hear the count. */
function close(turn: Turn, value: string | undefined, confirmed: boolean): Reply[] {
  const v = viewOf(turn);
  const round = roundOf(turn, value);
  if (!round) return [notice(v.ct.unknown)];
  if (round.status === "closed") return [notice(v.ct.alreadyClosed, { replaceSource: true })];
  if (!confirmed) return [closeQuestion(round, v)];
  // Closed meanwhile by the clock or another organiser: then it says so.
  const submitted = closeRound(turn.ctx, round, turn.now, turn.actor);
  if (submitted === undefined) return [notice(v.ct.alreadyClosed, { replaceSource: true })];
  return [notice(v.ct.closedByYou(round.title, submitted), { replaceSource: true })];
}

/** The round's submitted reactions as CSV, by core task and question, as a file in the chat. */
function exportCsv(turn: Turn, value: string | undefined): Reply[] {
  const v = viewOf(turn);
  const round = roundOf(turn, value);
  if (!round) return [notice(v.ct.unknown)];
  return [exportReply(round, exportForOrganiser(turn.ctx.db, round.id, "csv", turn.actor, turn.now), v)];
}

/** `reactierondes` for an organiser (the member feature offers everyone else their open rounds instead). */
export const organiserRoundsIntent = organiserText(ConsultationActions.list, list);

export const consultationOrganiserFeature: Feature = {
  actions: {
    [ConsultationActions.list]: forOrganisers(list),
    [ConsultationActions.create]: forOrganisers((turn) => [form(turn)]),
    [ConsultationActions.createSubmit]: forOrganisers((turn, _value, values) => create(turn, values)),
    [ConsultationActions.export]: forOrganisers(exportCsv),
    [ConsultationActions.close]: forOrganisers((turn, value) => close(turn, value, false)),
    [ConsultationActions.closeConfirm]: forOrganisers((turn, value) => close(turn, value, true)),
    [ConsultationActions.keepOpen]: forOrganisers((turn) => [
      notice(viewOf(turn).ct.keptOpen, { replaceSource: true }),
    ]),
  },
};
