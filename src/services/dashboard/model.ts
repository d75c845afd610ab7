// What each dashboard page shows, as data: the JSON API (`/dashboard/api/...`) returns exactly these, and the
// pages render them. Times are epoch ms; days are Europe/Amsterdam calendar days as `YYYY-MM-DD`.
import type { Role } from "../../types.js";

/** A point of a line chart: a day and the running total at its end. */
export interface DayCount {
  day: string;
  count: number;
}

export interface SessionFill {
  id: string;
  title: string;
  startsAt: number;
  city: string;
  region: string;
  status: "open" | "cancelled";
  capacity: number;
  confirmed: number;
  waitlisted: number;
  /** Whole days from today until the session's day (Amsterdam); negative once past. */
  daysToGo: number;
  /** Within a week of the session and under half full: it needs another announcement. */
  needsAttention: boolean;
}

export interface Overview {
  sessions: SessionFill[];
  /** Of the sessions not cancelled. */
  totals: { sessions: number; capacity: number; confirmed: number; waitlisted: number };
  /** Active sign-ups (confirmed and waitlisted, of sessions not cancelled) by the day they were made, as a running total. */
  signupsOverTime: DayCount[];
}

export type ReportState = "not_due" | "missing" | "draft" | "submitted";

export interface SessionDetail {
  session: SessionFill & { venue: string; audience: "huisarts" | "aios" | "both"; leaderName: string };
  /** Per role: confirmed and waitlisted counts. */
  byRole: { role: Role | "unknown"; confirmed: number; waitlisted: number }[];
  /** Once held: who came and who did not, as the leader recorded it; undefined before. */
  attendance?: { attended: number; absent: number; unrecorded: number };
  report: ReportState;
}

export interface CampaignProgress {
  id: number;
  title: string;
  status: "scheduled" | "open" | "closed";
  opensAt: number;
  closesAt: number;
  invited: number;
  completed: number;
  optedOut: number;
  remindersSent: number;
  /** Completions by day, as a running total. */
  responseOverTime: DayCount[];
}

export interface Surveys {
  campaigns: CampaignProgress[];
}

export interface PollResult {
  id: number;
  question: string;
  anonymous: boolean;
  status: "active" | "ended";
  /** The round shown: the open one, else the last closed. */
  round?: { opensAt: number; closesAt: number; open: boolean };
  participants: number;
  /** Votes per option; undefined while hidden (see `hidden`). */
  options: { label: string; votes: number | undefined }[];
  /** Why the counts are not shown: an anonymous poll before its close, or fewer answers than the minimum group. */
  hidden?: "until_close" | "small_group";
}

export interface Polls {
  polls: PollResult[];
}

export interface BroadcastProgress {
  id: number;
  createdAt: number;
  queuedAt: number | null;
  /** The audience as the organiser chose it: `everyone`, `region:Utrecht`, `session:DS27-01`, … */
  audience: string;
  /** The first words of the message (no more than the organiser's own preview shows). */
  preview: string;
  total: number;
  sent: number;
  /** Waiting their turn (office hours, pacing, a retry); the paused are not in it. total = sent + pending + failed + paused. */
  pending: number;
  failed: number;
  /** Waiting for the app itself (uninstalled, revoked): never counted as failed. */
  paused: number;
  failures: { reason: string; count: number }[];
  /** Nothing pending, sending or paused any more. */
  done: boolean;
}

export interface Deliveries {
  broadcasts: BroadcastProgress[];
}

export interface ReportRow {
  sessionId: string;
  title: string;
  startsAt: number;
  leaderName: string;
  /** A leader linked in the bot (who can be reminded); false: only the name from the import. */
  leaderLinked: boolean;
  state: ReportState;
}

export interface Reports {
  sessions: ReportRow[];
}

/** A role as the consultation export counts it: its own, "unknown", or the small groups merged into "overig". */
export type ConsultationRoleGroup = Role | "unknown" | "overig";

/** Submitted reactions per role group, as the export merges them (never a member, never a text). */
export type RoleCounts = { role: ConsultationRoleGroup; count: number }[];

export interface ConsultationSummary {
  id: number;
  title: string;
  anonymous: boolean;
  status: "scheduled" | "open" | "closed";
  opensAt: number;
  closesAt: number;
  /** Members who started a reaction and have not submitted it (yet). */
  started: number;
  submitted: number;
  byRole: RoleCounts;
  /** Per core task, in the round's order: the submitted reactions that answered one of its questions. */
  tasks: { taskId: string; label: { nl: string; en: string }; reactions: number; byRole: RoleCounts }[];
}

export interface Consultations {
  /** A role with fewer submitted reactions than this is counted under "overig". */
  minimumGroup: number;
  consultations: ConsultationSummary[];
}
