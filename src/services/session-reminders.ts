import { sendWindow } from "../config/core-config.js";
import { getMemberById } from "../domain/members.js";
import { listSessions } from "../domain/sessions.js";
import { confirmedMemberIds } from "../domain/signups.js";
import { deliveryTexts } from "../i18n/delivery-texts.js";
import { nextInWindow, previousInWindow } from "../time/quiet-hours.js";
import type { SessionWithCounts } from "../types.js";
import { sessionBlocks, when } from "../views/session-blocks.js";
import type { CoreContext } from "./context.js";
import { enqueueNudge } from "./delivery/nudges.js";
import { memberAddress, memberLocale } from "./member-reach.js";
import type { PeriodicTask } from "./scheduling/periodic-task.js";
import { viewNow } from "./view-now.js";

/** When a session's reminder is due: REMINDER_HOURS_BEFORE the start, moved back to the last moment in the window. */
export function reminderDueAt(ctx: CoreContext, session: Pick<SessionWithCounts, "startsAt">): number {
  const target = session.startsAt - ctx.config.REMINDER_HOURS_BEFORE * 3_600_000;
  return previousInWindow(target, sendWindow(ctx.config)) ?? target;
}

/** Queues the reminders that are due: once per session and member (the dedupe key), with a cancel button. */
export function queueSessionReminders(ctx: CoreContext, now: number): number {
  let queued = 0;
  const horizon = now + (ctx.config.REMINDER_HOURS_BEFORE + 24 * 7) * 3_600_000;
  for (const session of listSessions(ctx.db, { from: now })) {
    if (session.startsAt > horizon) break;
    // Due, and still a moment in the send window before the session starts (else it would come too late).
    if (reminderDueAt(ctx, session) > now || nextInWindow(now, sendWindow(ctx.config)) >= session.startsAt) continue;
    for (const memberId of confirmedMemberIds(ctx.db, session.id)) {
      const member = getMemberById(ctx.db, memberId);
      if (!member?.reachable) continue;
      const view = viewNow(ctx, memberLocale(member, ctx.config));
      const t = deliveryTexts(view.locale);
      const text = t.reminder(session.title, when(session, view), `${session.venue}, ${session.city}`);
      const result = enqueueNudge(ctx, {
        dedupeKey: `reminder:${session.id}:${member.id}`,
        kind: "session.reminder",
        to: memberAddress(member),
        memberId: member.id,
        reply: {
          text,
          title: t.reminderTitle,
          blocks: [
            { kind: "text", text },
            ...sessionBlocks(session, view, { status: "confirmed" }, { details: false }),
          ],
        },
        notBefore: now,
      });
      if (result === "queued") queued++;
    }
  }
  return queued;
}

export const sessionRemindersTask: PeriodicTask = {
  name: "session-reminders",
  run: (ctx, now) => void queueSessionReminders(ctx, now),
};
