import type { Block, Reply } from "../contract.js";
import { attendanceList, markAttendance } from "../domain/attendance.js";
import { audit } from "../domain/audit.js";
import { isLeaderOf, leadsAnySession, sessionsLedBy } from "../domain/leaders.js";
import { formatMemberKey, type MemberKey } from "../domain/member-key.js";
import {
  generalPartId,
  loadReportFormat,
  missingAnswers,
  type ReportFormat,
  ReportFormatError,
  reportParts,
} from "../domain/report-format.js";
import { getReport, saveDraft, submitReport } from "../domain/reports.js";
import { getSession } from "../domain/sessions.js";
import { roster } from "../domain/signups.js";
import type { SessionWithCounts } from "../domain/types.js";
import { withdrawReportReminders } from "../scheduling/report-reminders.js";
import { messageAttendees } from "../services/leader-messages.js";
import { reportStatuses } from "../services/report-status.js";
import { exportRoster } from "../services/roster-export.js";
import { inTransaction } from "../storage/db.js";
import { normalize } from "../text/normalize.js";
import { parseIntent } from "./intents.js";
import { LeaderActionIds, LeaderInputIds } from "./leader-action-ids.js";
import {
  attendanceForm,
  dateTime,
  type LeaderView,
  leaderSessions,
  leaderView,
  messageForm,
  messageMaxLength,
  plain,
  type ReportState,
  rosterCsvReply,
  rosterReply,
  textBlocks,
  withBack,
} from "./leader-views.js";
import { partInputIds, partLabel, reportOverview, reportPartForm } from "./report-views.js";
import type { Feature, Turn } from "./turn.js";
import { helpReply, when } from "./views.js";

// Session leaders in chat: their sessions, roster and CSV, a message to attendees, attendance, and the report.
// Everything here is for the session's own leader only; the organisers' report overview is the one exception.

/** Sessions shown to a leader: upcoming ones and those held in the last 60 days, at most 15 (50 blocks a message). */
const recentDays = 60;
const maxShown = 15;

const keyOf = (turn: Turn): MemberKey => ({ platform: turn.from.platform, userId: turn.from.user });
const actorOf = (turn: Turn) => formatMemberKey(keyOf(turn));
const viewOf = (turn: Turn): LeaderView => leaderView(turn.view);

/** The session when the sender leads it; otherwise a polite refusal. */
function ownSession(turn: Turn, sessionId: string | undefined): SessionWithCounts | Reply {
  const session = sessionId ? getSession(turn.ctx.db, sessionId) : undefined;
  if (!session || !isLeaderOf(turn.ctx.db, session.id, keyOf(turn))) return plain(viewOf(turn).lt.notYourSession);
  return session;
}

const isReply = (value: SessionWithCounts | Reply): value is Reply => !("id" in value);

/** Cleans typed text: one kind of line break, no control characters, no outer whitespace. */
function cleanText(text: string | undefined): string {
  return (text ?? "")
    .replace(/\r\n?/g, "\n")
    .replace(/[^\P{Cc}\n\t]/gu, "")
    .trim();
}

function reportState(turn: Turn, sessionId: string): ReportState {
  return getReport(turn.ctx.db, sessionId)?.status ?? "missing";
}

function mySessions(turn: Turn): Reply[] {
  const v = viewOf(turn);
  const all = sessionsLedBy(turn.ctx.db, keyOf(turn));
  if (!all.length) return [plain(v.lt.notLeader)];
  const recent = all.filter((s) => s.endsAt >= turn.now - recentDays * 86_400_000);
  const shown = recent.slice(0, maxShown);
  const states = new Map(shown.map((s) => [s.id, reportState(turn, s.id)]));
  return [leaderSessions(shown, states, v, turn.now, all.length - shown.length)];
}

function format(turn: Turn): ReportFormat | Reply {
  try {
    return loadReportFormat(turn.ctx.config.REPORT_FORMAT_PATH);
  } catch (error) {
    if (!(error instanceof ReportFormatError)) throw error;
    turn.ctx.log.error({ err: error.message }, "report format unusable");
    return plain(viewOf(turn).lt.reportFormatBroken);
  }
}

const isFormat = (value: ReportFormat | Reply): value is ReportFormat => "coreTasks" in value;

/** Runs `fn` for the sender's own session once it has started (attendance and report need that). */
function started(
  turn: Turn,
  sessionId: string | undefined,
  tooEarly: (when: string) => string,
  fn: (session: SessionWithCounts) => Reply[],
): Reply[] {
  const session = ownSession(turn, sessionId);
  if (isReply(session)) return [session];
  if (session.status === "cancelled") return [plain(turn.view.t.refused.cancelled)];
  if (turn.now < session.startsAt) return [plain(tooEarly(when(session, turn.view)))];
  return fn(session);
}

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

function sendMessage(turn: Turn, sessionId: string | undefined, form: Record<string, string> | undefined): Reply[] {
  const v = viewOf(turn);
  const session = ownSession(turn, sessionId);
  if (isReply(session)) return [session];
  if (session.status === "cancelled" || turn.now >= session.endsAt) return [plain(v.lt.messageEnded)];
  const message = cleanText(form?.[LeaderInputIds.message]);
  const urgent = form?.[LeaderInputIds.urgent] === "yes";
  if (!message || message.length > messageMaxLength) {
    return [messageForm(session, v, { message, urgent: urgent ? "yes" : "no", error: v.lt.errorMessageRequired })];
  }
  const outcome = messageAttendees(turn.ctx, session, actorOf(turn), message, urgent, turn.now);
  if (!outcome.confirmed) return [withBack(plain(v.lt.messageNoAttendees), v)];
  if (!outcome.queued) return [withBack(plain(v.lt.messageRepeated), v)];
  const moment = outcome.notBefore <= turn.now ? v.lt.messageNow : v.lt.messageFrom(dateTime(outcome.notBefore, v));
  return [withBack(plain(v.lt.messageQueued(outcome.queued, moment)), v)];
}

function saveAttendance(turn: Turn, sessionId: string | undefined, form: Record<string, string> | undefined): Reply[] {
  const v = viewOf(turn);
  return started(turn, sessionId, v.lt.attendanceTooEarly, (session) => {
    const entries = attendanceList(turn.ctx.db, session.id);
    const known = new Set(entries.map((e) => String(e.memberId)));
    const chosen = Object.entries(form ?? {})
      .filter(([key]) => key === LeaderInputIds.attended || key.startsWith(`${LeaderInputIds.attended}_`))
      .flatMap(([, value]) => value.split(","))
      .map((value) => value.trim())
      .filter(Boolean);
    if (chosen.some((value) => !known.has(value))) {
      return [attendanceForm(session, entries, v, v.lt.attendanceUnknown)];
    }
    const present = markAttendance(turn.ctx.db, session.id, [...new Set(chosen)].map(Number), turn.now);
    audit(
      turn.ctx.db,
      {
        actor: actorOf(turn),
        action: "leader.attendance",
        subject: session.id,
        detail: `present=${present}/${entries.length}`,
      },
      turn.now,
    );
    return [withBack(plain(v.lt.attendanceSaved(present, entries.length)), v)];
  });
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
      audit(turn.ctx.db, { actor: actorOf(turn), action: "leader.report.submit", subject: session.id }, turn.now);
    });
    return [reportOverview(session, fmt, getReport(turn.ctx.db, session.id), v)];
  });
}

/** Organisers see which sessions held have a report; a leader asking gets their own sessions. */
function statusOverview(turn: Turn): Reply[] {
  const v = viewOf(turn);
  if (!turn.isOrganiser) {
    return leadsAnySession(turn.ctx.db, keyOf(turn)) ? mySessions(turn) : [plain(turn.view.t.organiserOnly)];
  }
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
      blocks: [{ kind: "text", text: header }, ...textBlocks(lines)],
    },
  ];
}

/** Leaders get their extra button and line on the help and welcome reply; others see it unchanged. */
function leaderHelp(turn: Turn, greeting: boolean): Reply {
  const v = viewOf(turn);
  const help = helpReply(turn.view, greeting);
  const blocks: Block[] = (help.blocks ?? []).map((block) =>
    block.kind === "actions"
      ? { ...block, actions: [...block.actions, { id: LeaderActionIds.sessions, label: v.lt.buttonLeader }] }
      : block,
  );
  blocks.splice(1, 0, { kind: "text", text: v.lt.leaderHelp });
  return { ...help, text: `${help.text}\n\n${v.lt.leaderHelp}`, blocks };
}

const leaderWords = new Set(["leider", "leiders", "sessieleider", "leader", "leaders"]);
const reportWords = new Set(["verslag", "verslagen", "report", "reports", "rapport", "rapporten"]);

export const leaderFeature: Feature = {
  actions: {
    [LeaderActionIds.sessions]: (turn) => mySessions(turn),
    [LeaderActionIds.roster]: (turn, value) => {
      const session = ownSession(turn, value);
      return [isReply(session) ? session : rosterReply(session, roster(turn.ctx.db, session.id), viewOf(turn))];
    },
    [LeaderActionIds.rosterCsv]: (turn, value) => {
      const session = ownSession(turn, value);
      if (isReply(session)) return [session];
      audit(turn.ctx.db, { actor: actorOf(turn), action: "leader.roster.export", subject: session.id }, turn.now);
      return [rosterCsvReply(session, exportRoster(turn.ctx.db, session.id, "csv"), viewOf(turn))];
    },
    [LeaderActionIds.message]: (turn, value) => {
      const v = viewOf(turn);
      const session = ownSession(turn, value);
      if (isReply(session)) return [session];
      if (session.status === "cancelled" || turn.now >= session.endsAt) return [plain(v.lt.messageEnded)];
      if (!session.confirmed) return [withBack(plain(v.lt.messageNoAttendees), v)];
      return [messageForm(session, v)];
    },
    [LeaderActionIds.messageSend]: (turn, value, form) => sendMessage(turn, value, form),
    [LeaderActionIds.attendance]: (turn, value) => {
      const v = viewOf(turn);
      return started(turn, value, v.lt.attendanceTooEarly, (session) => {
        const entries = attendanceList(turn.ctx.db, session.id);
        return [entries.length ? attendanceForm(session, entries, v) : withBack(plain(v.lt.attendanceNone), v)];
      });
    },
    [LeaderActionIds.attendanceSave]: (turn, value, form) => saveAttendance(turn, value, form),
    [LeaderActionIds.report]: (turn, value) =>
      withReport(turn, value, (session, fmt) => [
        reportOverview(session, fmt, getReport(turn.ctx.db, session.id), viewOf(turn)),
      ]),
    [LeaderActionIds.reportPart]: (turn, value) => {
      const { sessionId, partId } = splitPart(value);
      return withReport(turn, sessionId, (session, fmt) => {
        const v = viewOf(turn);
        const report = getReport(turn.ctx.db, session.id);
        if (report?.status === "submitted")
          return [reportOverview(session, fmt, report, v, v.lt.reportAlreadySubmitted)];
        if (!reportParts(fmt).includes(partId)) return [reportOverview(session, fmt, report, v)];
        return [reportPartForm(session, fmt, partId, report, v)];
      });
    },
    [LeaderActionIds.reportSave]: (turn, value, form) => saveReportPart(turn, value, form),
    [LeaderActionIds.reportSubmit]: (turn, value) => submit(turn, value),
    [LeaderActionIds.reportStatus]: (turn) => statusOverview(turn),
  },
  text: (turn, text) => {
    const tokens = normalize(text).split(" ").filter(Boolean);
    if (tokens.some((token) => leaderWords.has(token))) return mySessions(turn);
    if (tokens[0] && reportWords.has(tokens[0])) return statusOverview(turn);
    const intent = parseIntent(text);
    if (intent.kind === "help" && leadsAnySession(turn.ctx.db, keyOf(turn))) return [leaderHelp(turn, intent.greeting)];
    return undefined;
  },
};
