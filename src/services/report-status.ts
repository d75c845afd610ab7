import { leaderOf } from "../domain/leaders.js";
import { formatMemberKey } from "../domain/member-key.js";
import { getReport } from "../domain/reports.js";
import { listSessions } from "../domain/sessions.js";
import type { Db } from "../storage/db.js";
import type { SessionWithCounts } from "../types.js";
import type { ReportState } from "./dashboard/model.js";

export interface ReportStatus {
  session: SessionWithCounts;
  leader: string | undefined;
  state: "missing" | "draft" | "submitted";
  submittedAt: number | null;
}

/** A report's state: its own once begun; else missing once the session was held (started), not due before. */
export function reportState(
  startsAt: number,
  status: "draft" | "submitted" | null | undefined,
  now: number,
): ReportState {
  return status ?? (startsAt <= now ? "missing" : "not_due");
}

/** For every session held (started, not cancelled): its leader and whether its report is in. */
export function reportStatuses(db: Db, now: number): ReportStatus[] {
  return listSessions(db)
    .filter((session) => session.startsAt <= now)
    .map((session) => {
      const report = getReport(db, session.id);
      const leader = leaderOf(db, session.id);
      return {
        session,
        leader: leader && formatMemberKey(leader),
        state: report?.status ?? "missing",
        submittedAt: report?.submittedAt ?? null,
      };
    });
}
