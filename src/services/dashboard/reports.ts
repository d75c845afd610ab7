import { reportRows } from "../../domain/dashboard-reports.js";
import type { CoreContext } from "../context.js";
import { reportState } from "../report-status.js";
import type { Viewer } from "./access.js";
import type { ReportRow, Reports } from "./model.js";
import { leaderScope } from "./overview.js";

/** Every session not cancelled (a leader's: their own) with its report's state, in one query. */
export function reportsFor(ctx: CoreContext, viewer: Pick<Viewer, "memberId" | "scope">): Reports {
  const now = ctx.clock.now();
  return {
    sessions: reportRows(ctx.db, leaderScope(viewer)).map(
      (row): ReportRow => ({
        sessionId: row.id,
        title: row.title,
        startsAt: row.starts_at,
        leaderName: row.leader_name,
        leaderLinked: row.leader_linked === 1,
        state: reportState(row.starts_at, row.report_status, now),
      }),
    ),
  };
}
