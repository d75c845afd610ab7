import { attendanceCounts, roleCounts, sessionDetailRow } from "../../domain/dashboard-sessions.js";
import { isLeaderOf } from "../../domain/leaders.js";
import type { CoreContext } from "../context.js";
import { reportState } from "../report-status.js";
import type { Viewer } from "./access.js";
import { dayFinder, toSessionFill } from "./day-counts.js";
import type { SessionDetail } from "./model.js";

/**
 * One session: its fill, counts by role, attendance once held and its report's state. Undefined when there is no
 * such session, or the viewer is a leader who does not lead it (the same answer: nothing to tell apart).
 */
export function sessionDetailFor(
  ctx: CoreContext,
  viewer: Pick<Viewer, "memberId" | "scope">,
  sessionId: string,
): SessionDetail | undefined {
  if (viewer.scope === "leader" && !isLeaderOf(ctx.db, sessionId, viewer.memberId)) return undefined;
  const row = sessionDetailRow(ctx.db, sessionId);
  if (!row) return undefined;
  const now = ctx.clock.now();
  const dayOf = dayFinder(ctx.config.BOT_TIMEZONE);
  const held = row.status === "open" && row.starts_at <= now;
  const detail: SessionDetail = {
    session: {
      ...toSessionFill(row, dayOf(now), dayOf),
      venue: row.venue,
      audience: row.audience,
      leaderName: row.leader_name,
    },
    byRole: roleCounts(ctx.db, sessionId),
    // A cancelled session owes no report.
    report:
      row.status === "open" ? reportState(row.starts_at, row.report_status, now) : (row.report_status ?? "not_due"),
  };
  if (!held) return detail;
  // Retention removed the sign-ups of a past session: only the count who came is kept.
  const attendance =
    row.kept_attended !== null
      ? { attended: row.kept_attended, absent: 0, unrecorded: Math.max(0, row.confirmed - row.kept_attended) }
      : attendanceCounts(ctx.db, sessionId);
  return { ...detail, attendance };
}
