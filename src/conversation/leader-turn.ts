import type { Reply } from "../contract.js";
import { sessionsLedBy } from "../domain/leaders.js";
import { getReport } from "../domain/reports.js";
import { getSession } from "../domain/sessions.js";
import { limitsOf } from "../services/platform-profiles.js";
import type { SessionWithCounts } from "../types.js";
import { type LeaderView, leaderSessions, leaderView, plain, type ReportState } from "../views/leader-views.js";
import { when } from "../views/session-blocks.js";
import type { Turn } from "./turn.js";

// What the leaders' and the report features share: who is asking, the session they lead, typed text.

/**
 * Sessions shown to a leader: upcoming ones and those held in the last 60 days, at most 15, and no more than fit
 * the platform's message (three blocks a session, a header and a "more" line).
 */
const recentDays = 60;
const maxShown = 15;
const shownFitting = (v: LeaderView) => Math.min(maxShown, Math.floor((v.limits.blocksPerMessage - 2) / 3));

export const viewOf = (turn: Turn): LeaderView => leaderView(turn.view, limitsOf(turn.from.platform));

/** The session a leader's action is about. The router has already checked that the sender leads it. */
export function ownSession(turn: Turn, sessionId: string | undefined): SessionWithCounts | Reply {
  const session = sessionId ? getSession(turn.ctx.db, sessionId) : undefined;
  return session ?? plain(turn.view.t.refused.not_found);
}

export const isReply = (value: SessionWithCounts | Reply): value is Reply => !("id" in value);

/** Cleans typed text: one kind of line break, no control characters, no outer whitespace. */
export function cleanText(text: string | undefined): string {
  return (text ?? "")
    .replace(/\r\n?/g, "\n")
    .replace(/[^\P{Cc}\n\t]/gu, "")
    .trim();
}

function reportState(turn: Turn, sessionId: string): ReportState {
  return getReport(turn.ctx.db, sessionId)?.status ?? "missing";
}

export function mySessions(turn: Turn): Reply[] {
  const v = viewOf(turn);
  const all = sessionsLedBy(turn.ctx.db, turn.member.id);
  if (!all.length) return [plain(v.lt.notLeader)];
  const recent = all.filter((s) => s.endsAt >= turn.now - recentDays * 86_400_000);
  const shown = recent.slice(0, shownFitting(v));
  const states = new Map(shown.map((s) => [s.id, reportState(turn, s.id)]));
  return [leaderSessions(shown, states, v, turn.now, all.length - shown.length)];
}

/** Runs `fn` for the sender's own session once it has started (attendance and report need that). */
export function started(
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
