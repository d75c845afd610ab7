import type { Action, Attachment, Block, PlatformLimits, Reply } from "../contract.js";
import type { AttendanceEntry } from "../domain/attendance.js";
import type { RosterEntry } from "../domain/signups.js";
import { type LeaderTexts, leaderTexts } from "../i18n/leader-texts.js";
import type { SessionWithCounts } from "../types.js";
import { LeaderActionIds, LeaderInputIds } from "./leader-action-ids.js";
import { when } from "./session-blocks.js";
import type { ViewContext } from "./view-context.js";

// Pure views for session leaders: their sessions, the roster, the message form, attendance.

export interface LeaderView extends ViewContext {
  lt: LeaderTexts;
  /** What the reader's platform shows at most (its adapter's declared limits). */
  limits: PlatformLimits;
}

export function leaderView(view: ViewContext, limits: PlatformLimits): LeaderView {
  return { ...view, lt: leaderTexts(view.locale), limits };
}

export type ReportState = "missing" | "draft" | "submitted";

/** A button's or an option's label, shortened to what the platform shows. */
export const buttonLabel = (text: string, limits: PlatformLimits) =>
  text.length > limits.labelLength ? `${text.slice(0, limits.labelLength - 1)}…` : text;

/** Room a text block keeps under the platform's cap (a renderer may add markup). */
const textMargin = 100;

/** Text blocks are capped by the platform: long lists become several text blocks. */
export function textBlocks(lines: string[], limits: PlatformLimits): Block[] {
  const limit = limits.textLength - textMargin;
  const blocks: Block[] = [];
  let current = "";
  for (const line of lines) {
    if (current && current.length + line.length + 1 > limit) {
      blocks.push({ kind: "text", text: current });
      current = "";
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) blocks.push({ kind: "text", text: current });
  return blocks;
}

export function plain(text: string, extra: Partial<Reply> = {}): Reply {
  return { text, blocks: [{ kind: "text", text }], ...extra };
}

const backAction = (v: LeaderView): Action => ({ id: LeaderActionIds.sessions, label: v.lt.buttonBack });

/** The sessions a leader leads, with counts and what they can do for each (what fits the session's moment). */
export function leaderSessions(
  sessions: SessionWithCounts[],
  reports: Map<string, ReportState>,
  v: LeaderView,
  now: number,
  hidden = 0,
): Reply {
  const header = v.lt.leaderHeader(sessions.length + hidden);
  const blocks: Block[] = [{ kind: "text", text: header }];
  const lines = [header];
  for (const session of sessions) {
    const started = now >= session.startsAt;
    const fields = [
      { label: v.t.labelWhen, value: when(session, v) },
      { label: v.t.labelWhere, value: `${session.venue}, ${session.city}` },
      { label: v.lt.labelConfirmed, value: v.lt.confirmedOf(session.confirmed, session.capacity) },
      { label: v.lt.labelWaitlisted, value: String(session.waitlisted) },
    ];
    if (session.status === "cancelled") fields.push({ label: v.t.labelStatus, value: v.t.sessionCancelledLabel });
    if (started)
      fields.push({ label: v.lt.labelReport, value: v.lt.reportStatus[reports.get(session.id) ?? "missing"] });
    const actions: Action[] = [{ id: LeaderActionIds.roster, label: v.lt.buttonRoster, value: session.id }];
    if (session.status === "open" && now < session.endsAt) {
      actions.push({ id: LeaderActionIds.message, label: v.lt.buttonMessage, value: session.id });
    }
    if (started && session.status === "open") {
      actions.push({ id: LeaderActionIds.attendance, label: v.lt.buttonAttendance, value: session.id });
      actions.push({ id: LeaderActionIds.report, label: v.lt.buttonReport, value: session.id, style: "primary" });
    }
    blocks.push(
      { kind: "text", text: `**${session.title}**` },
      { kind: "fields", fields },
      { kind: "actions", actions },
    );
    lines.push(`${session.id} ${session.title}: ${when(session, v)}, ${session.city}, ${fields[2]?.value}`);
  }
  if (hidden) {
    blocks.push({ kind: "text", text: v.lt.leaderMore(hidden) });
    lines.push(v.lt.leaderMore(hidden));
  }
  return { title: v.lt.leaderTitle, text: lines.join("\n"), blocks };
}

function rosterLine(entry: RosterEntry, v: LeaderView): string {
  const role = entry.role ? v.t.role[entry.role] : "";
  return `${entry.position}. ${entry.rosterName || "?"}${role ? ` (${role})` : ""}`;
}

/** The roster: confirmed and waitlisted counts, names and roles, and the CSV download. */
export function rosterReply(session: SessionWithCounts, entries: RosterEntry[], v: LeaderView): Reply {
  const header = v.lt.rosterHeader(session.title, when(session, v));
  const confirmed = entries.filter((e) => e.status === "confirmed");
  const waitlisted = entries.filter((e) => e.status === "waitlisted");
  const lines = [
    v.lt.rosterConfirmed(confirmed.length),
    ...(confirmed.length ? confirmed.map((e) => rosterLine(e, v)) : [v.lt.rosterEmpty]),
    ...(waitlisted.length
      ? ["", v.lt.rosterWaitlisted(waitlisted.length), ...waitlisted.map((e) => rosterLine(e, v))]
      : []),
  ];
  return {
    title: v.lt.rosterTitle,
    text: [header, ...lines].join("\n").replace(/\*\*/g, ""),
    blocks: [
      { kind: "text", text: `**${header}**` },
      ...textBlocks(lines, v.limits),
      {
        kind: "actions",
        actions: [
          { id: LeaderActionIds.rosterCsv, label: v.lt.buttonCsv, value: session.id, style: "primary" },
          backAction(v),
        ],
      },
    ],
  };
}

export function rosterCsvReply(session: SessionWithCounts, csv: string, v: LeaderView): Reply {
  const attachment: Attachment = { filename: `presentielijst-${session.id}.csv`, mediaType: "text/csv", content: csv };
  return plain(v.lt.csvReady(session.title), { attachments: [attachment] });
}

export interface MessageDraft {
  message?: string;
  urgent?: string;
  error?: string;
}

export const messageMaxLength = 1000;

export function messageForm(session: SessionWithCounts, v: LeaderView, draft: MessageDraft = {}): Reply {
  const intro = v.lt.messageIntro(session.title, session.confirmed);
  return {
    title: v.lt.messageTitle,
    text: intro,
    blocks: [
      { kind: "text", text: intro },
      {
        kind: "input",
        id: LeaderInputIds.message,
        label: v.lt.messageLabel,
        multiline: true,
        maxLength: messageMaxLength,
        ...(draft.message ? { value: draft.message } : {}),
        ...(draft.error ? { error: draft.error } : {}),
      },
      {
        kind: "input",
        id: LeaderInputIds.urgent,
        label: v.lt.urgentLabel,
        options: [
          { label: v.lt.urgentNo, value: "no" },
          { label: v.lt.urgentYes, value: "yes" },
        ],
        value: draft.urgent === "yes" ? "yes" : "no",
      },
    ],
    form: { submit: { id: LeaderActionIds.messageSend, label: v.lt.messageSend, value: session.id, style: "primary" } },
  };
}

/** What the attendees receive: who writes, about which session, and the leader's words. */
export function attendeeMessage(session: SessionWithCounts, message: string, v: ViewContext): Reply {
  const lt = leaderTexts(v.locale);
  const heading = lt.attendeeMessage(session.leaderName, session.title, when(session, v));
  return {
    title: session.title,
    text: `${heading}\n\n${message}`,
    blocks: [
      { kind: "text", text: `**${heading}**` },
      { kind: "text", text: message },
    ],
  };
}

/** Options per check list: 50 keeps a long list easy to scan (fewer where the platform holds fewer). */
const attendanceChunkMax = 50;

/** A check list of the confirmed attendees, in chunks of at most 50 options (and what the platform holds). */
export function attendanceForm(
  session: SessionWithCounts,
  entries: AttendanceEntry[],
  v: LeaderView,
  error?: string,
): Reply {
  const attendanceChunk = Math.min(attendanceChunkMax, v.limits.optionsPerInput);
  const inputs: Block[] = [];
  for (let start = 0; start < entries.length; start += attendanceChunk) {
    const chunk = entries.slice(start, start + attendanceChunk);
    const index = start / attendanceChunk;
    const chosen = chunk.filter((e) => e.attended).map((e) => String(e.memberId));
    inputs.push({
      kind: "input",
      id: index === 0 ? LeaderInputIds.attended : `${LeaderInputIds.attended}_${index + 1}`,
      label: index === 0 ? v.lt.attendanceLabel : `${v.lt.attendanceLabel} (${start + 1}–${start + chunk.length})`,
      options: chunk.map((e) => ({
        label: buttonLabel(
          `${e.rosterName || "?"}${e.role ? ` (${v.t.role[e.role as keyof typeof v.t.role] ?? e.role})` : ""}`,
          v.limits,
        ),
        value: String(e.memberId),
      })),
      multiple: true,
      optional: true,
      ...(chosen.length ? { value: chosen.join(",") } : {}),
      ...(error && index === 0 ? { error } : {}),
    });
  }
  const intro = v.lt.attendanceIntro(session.title);
  return {
    title: v.lt.attendanceTitle,
    text: intro,
    blocks: [{ kind: "text", text: intro }, ...inputs],
    form: {
      submit: { id: LeaderActionIds.attendanceSave, label: v.lt.attendanceSave, value: session.id, style: "primary" },
    },
  };
}

export function dateTime(epochMs: number, v: ViewContext): string {
  return v.dateTime(epochMs);
}

export function withBack(reply: Reply, v: LeaderView): Reply {
  return { ...reply, blocks: [...(reply.blocks ?? []), { kind: "actions", actions: [backAction(v)] }] };
}
