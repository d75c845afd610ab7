import type { Reply } from "../contract.js";
import { audit } from "../domain/audit.js";
import { leadsAnySession } from "../domain/leaders.js";
import {
  generalPartId,
  loadReportFormat,
  missingAnswers,
  type ReportFormat,
  ReportFormatError,
  reportParts,
} from "../domain/report-format.js";
import { getReport, saveDraft, submitReport } from "../domain/reports.js";
import { limitsOf } from "../services/platform-profiles.js";
import { withdrawReportReminders } from "../services/report-reminders.js";
import { reportStatuses } from "../services/report-status.js";
import { inTransaction } from "../storage/db.js";
import { normalize } from "../text/normalize.js";
import type { SessionWithCounts } from "../types.js";
import { LeaderActionIds, LeaderInputIds } from "../views/leader-action-ids.js";
import { plain, textBlocks } from "../views/leader-views.js";
import { partInputIds, partLabel, reportOverview, reportPartForm } from "../views/report-views.js";
import { when } from "../views/session-blocks.js";
import { cleanText, mySessions, started, viewOf } from "./leader-turn.js";
import { type Feature, forLeaders, forOrganisers, organiserText, type Turn } from "./turn.js";

// The session report in the common format: overview, one form per part, draft, submit; and the organisers'
// overview of which sessions held have a report.

function format(turn: Turn): ReportFormat | Reply {
  try {
    return loadReportFormat(turn.ctx.config.REPORT_FORMAT_PATH, limitsOf(turn.from.platform));
  } catch (error) {
    if (!(error instanceof ReportFormatError)) throw error;
    turn.ctx.log.error({ err: error.message }, "report format unusable");
    return plain(viewOf(turn).lt.reportFormatBroken);
  }
}

const isFormat = (value: ReportFormat | Reply): value is ReportFormat => "coreTasks" in value;

function withReport(
  turn: Turn,
  sessionId: string | undefined,
  fn: (session: SessionWithCounts, format: ReportFormat) => Reply[],
): Reply[] {
  return started(turn, sessionId, viewOf(turn).lt.reportTooEarly, (session) => {
    const loaded = format(turn);
    return isFormat(loaded) ? fn(session, loaded) : [loaded];
  });
}

function splitPart(value: string | undefined): { sessionId?: string; partId: string } {
  const [sessionId, partId = ""] = (value ?? "").split(":");
  return { ...(sessionId ? { sessionId } : {}), partId };
}

function saveReportPart(turn: Turn, value: string | undefined, form: Record<string, string> | undefined): Reply[] {
  const v = viewOf(turn);
  const { sessionId, partId } = splitPart(value);
  return withReport(turn, sessionId, (session, fmt) => {
    const report = getReport(turn.ctx.db, session.id);
    if (!reportParts(fmt).includes(partId)) return [reportOverview(session, fmt, report, v)];
    const values: Record<string, string> = {};
    const errors: Record<string, string> = {};
    for (const id of partInputIds(fmt, partId)) {
      const text = cleanText(form?.[id]);
      values[id] = text;
      if (id === LeaderInputIds.participants) {
        if (text && (!/^\d+$/.test(text) || Number(text) > fmt.participants.max)) {
          errors[id] = v.lt.reportParticipantsInvalid(fmt.participants.max);
        }
      } else if (text.length > fmt.maxAnswerLength) errors[id] = v.lt.reportTooLong(fmt.maxAnswerLength);
    }
    if (Object.keys(errors).length) return [reportPartForm(session, fmt, partId, report, v, { values, errors })];
    const { [LeaderInputIds.participants]: participants, ...answers } = values;
    const saved = saveDraft(
      turn.ctx.db,
      session.id,
      {
        answers,
        ...(partId === generalPartId ? { participants: participants ? Number(participants) : null } : {}),
      },
      fmt.version,
      turn.now,
    );
    if (saved === "submitted") return [reportOverview(session, fmt, report, v, v.lt.reportAlreadySubmitted)];
    return [reportOverview(session, fmt, saved, v, v.lt.reportSaved)];
  });
}

function submit(turn: Turn, sessionId: string | undefined): Reply[] {
  const v = viewOf(turn);
  return withReport(turn, sessionId, (session, fmt) => {
    const report = getReport(turn.ctx.db, session.id);
    if (report?.status === "submitted") return [reportOverview(session, fmt, report, v, v.lt.reportAlreadySubmitted)];
    const missing = missingAnswers(fmt, report?.answers ?? {});
    const missingParts = fmt.coreTasks
      .filter((task) => missing.some((key) => key.startsWith(`${task.id}.`)))
      .map((task) => partLabel(fmt, task.id, v));
    if (report?.participants == null) missingParts.push(v.lt.reportMissingParticipants);
    if (!report || missingParts.length) {
      return [reportOverview(session, fmt, report, v, v.lt.reportMissing(missingParts.join(", ")))];
    }
    inTransaction(turn.ctx.db, () => {
      if (!submitReport(turn.ctx.db, session.id, turn.now)) return;
      withdrawReportReminders(turn.ctx.db, session.id);
      audit(turn.ctx.db, { actor: turn.actor, action: "leader.report.submit", subject: session.id }, turn.now);
    });
    return [reportOverview(session, fmt, getReport(turn.ctx.db, session.id), v)];
  });
}

/** Organisers see which sessions held have a report. */
function statusOverview(turn: Turn): Reply[] {
  const v = viewOf(turn);
  const statuses = reportStatuses(turn.ctx.db, turn.now);
  if (!statuses.length) return [plain(v.lt.statusNone)];
  const submitted = statuses.filter((s) => s.state === "submitted").length;
  const header = v.lt.statusHeader(submitted, statuses.length);
  const lines = statuses.map(({ session, leader, state }) => {
    const mark = state === "submitted" ? "✓" : "·";
    return `${mark} ${session.id} ${session.title}, ${when(session, v)}: ${v.lt.reportStatus[state]}${leader ? "" : ` (${v.lt.statusNoLeader})`}`;
  });
  return [
    {
      title: v.lt.statusTitle,
      text: [header, ...lines].join("\n"),
      blocks: [{ kind: "text", text: header }, ...textBlocks(lines, v.limits)],
    },
  ];
}

/** A leader who may not see the organisers' overview gets their own sessions instead of the refusal. */
const ownSessionsForLeaders = (turn: Turn): Reply[] | undefined =>
  leadsAnySession(turn.ctx.db, turn.member.id) ? mySessions(turn) : undefined;

/** The report's session and part, from the `session:part` value of its buttons. */
const sessionOfPart = (value: string | undefined) => splitPart(value).sessionId;

// `rapport` and `report` are the delivery report of a broadcast (broadcast-feature.ts).
const reportWords = new Set(["verslag", "verslagen", "sessieverslagen", "reports", "rapporten"]);

export const reportFeature: Feature = {
  actions: {
    [LeaderActionIds.report]: forLeaders((turn, value) =>
      withReport(turn, value, (session, fmt) => [
        reportOverview(session, fmt, getReport(turn.ctx.db, session.id), viewOf(turn)),
      ]),
    ),
    [LeaderActionIds.reportPart]: forLeaders((turn, value) => {
      const { sessionId, partId } = splitPart(value);
      return withReport(turn, sessionId, (session, fmt) => {
        const v = viewOf(turn);
        const report = getReport(turn.ctx.db, session.id);
        if (report?.status === "submitted")
          return [reportOverview(session, fmt, report, v, v.lt.reportAlreadySubmitted)];
        if (!reportParts(fmt).includes(partId)) return [reportOverview(session, fmt, report, v)];
        return [reportPartForm(session, fmt, partId, report, v)];
      });
    }, sessionOfPart),
    [LeaderActionIds.reportSave]: forLeaders((turn, value, form) => saveReportPart(turn, value, form), sessionOfPart),
    [LeaderActionIds.reportSubmit]: forLeaders((turn, value) => submit(turn, value)),
    [LeaderActionIds.reportStatus]: { ...forOrganisers(statusOverview), insteadOfRefusal: ownSessionsForLeaders },
  },
  text: (_turn, text) => {
    const [first] = normalize(text).split(" ");
    if (!first || !reportWords.has(first)) return undefined;
    return { ...organiserText(LeaderActionIds.reportStatus, statusOverview), insteadOfRefusal: ownSessionsForLeaders };
  },
};
