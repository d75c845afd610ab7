import { DateTime } from "luxon";
import { sendWindow } from "../config/core-config.js";
import { getMemberById } from "../domain/members.js";
import { enqueue, isEnqueued, withdrawPending } from "../domain/outbox.js";
import { getReport, reportsOwed } from "../domain/reports.js";
import { getSession } from "../domain/sessions.js";
import { type Db, inTransaction } from "../storage/db.js";
import { nextInWindow } from "../time/quiet-hours.js";
import { leaderView } from "../views/leader-views.js";
import { reportReminder } from "../views/report-views.js";
import type { CoreContext } from "./context.js";
import { memberAddress, memberLocale } from "./member-reach.js";
import { limitsOf } from "./platform-profiles.js";
import type { PeriodicTask } from "./scheduling/periodic-task.js";
import { viewNow } from "./view-now.js";

/** A leader is reminded on each sending day for this long after the session, until the report is in. */
const reportReminderDays = 21;

const dedupePrefix = (sessionId: string) => `report-reminder:${sessionId}:`;

/**
 * Enqueues one polite reminder per leader who owes a report, at most one per sending day: the dedupe key holds
 * the local day the message will go out, so ticks at night and at the weekend all land on the same message.
 */
export function enqueueReportReminders(ctx: CoreContext, now: number): number {
  const notBefore = nextInWindow(now, sendWindow(ctx.config));
  const day = DateTime.fromMillis(notBefore, { zone: ctx.config.BOT_TIMEZONE }).toISODate();
  // One transaction: a report submitted meanwhile is either seen here or withdraws what this enqueues.
  return inTransaction(ctx.db, () => {
    const owing = reportsOwed(ctx.db, now, now - reportReminderDays * 86_400_000);
    let queued = 0;
    for (const row of owing) {
      const dedupeKey = `${dedupePrefix(row.sessionId)}${row.leaderId}:${day}`;
      if (isEnqueued(ctx.db, dedupeKey)) continue; // most ticks of a day: nothing to do
      const session = getSession(ctx.db, row.sessionId);
      const member = getMemberById(ctx.db, row.leaderId);
      if (!session || !member?.reachable) continue;
      const view = leaderView(viewNow(ctx, memberLocale(member, ctx.config)), limitsOf(member.platform));
      const added = enqueue(
        ctx.db,
        {
          dedupeKey,
          kind: "leader.report-reminder",
          to: memberAddress(member),
          memberId: member.id,
          reply: reportReminder(session, getReport(ctx.db, session.id) !== undefined, view),
          notBefore,
        },
        now,
      );
      if (added) queued++;
    }
    return queued;
  });
}

/** Once the report is in, reminders still waiting in the outbox are withdrawn: none goes out after submitting. */
export function withdrawReportReminders(db: Db, sessionId: string): number {
  return withdrawPending(db, dedupePrefix(sessionId));
}

export const reportReminderTask: PeriodicTask = {
  name: "report-reminders",
  run: (ctx, now) => void enqueueReportReminders(ctx, now),
};
