import { liveAnnouncements, markAnnouncementShown } from "../domain/announcements.js";
import { getBroadcast, placesShown } from "../domain/broadcasts.js";
import { enqueue, isWaitingLike, messageIdOf } from "../domain/outbox.js";
import { getSession } from "../domain/sessions.js";
import { broadcastReply } from "./broadcast-reply.js";
import type { CoreContext } from "./context.js";
import type { PeriodicTask } from "./scheduling/periodic-task.js";

/**
 * Keeps the places-left count of session announcements in channels current: when places changed since the
 * message was last shown, an update of that message is queued (Adapter.update). Runs once per scheduler tick, so
 * a busy session updates its announcement at most once a minute; an update still waiting is not stacked.
 */
export function refreshAnnouncements(ctx: CoreContext, now: number): number {
  let queued = 0;
  for (const row of liveAnnouncements(ctx.db, now)) {
    const session = getSession(ctx.db, row.sessionId);
    const messageId = messageIdOf(ctx.db, row.outboxId);
    if (!session || !messageId || placesShown(session) === row.shown) continue;
    if (isWaitingLike(ctx.db, `announcement:${row.id}:%`)) continue;
    const broadcast = row.broadcastId === null ? undefined : getBroadcast(ctx.db, row.broadcastId);
    if (!broadcast) continue;
    const update = row.updates + 1;
    enqueue(
      ctx.db,
      {
        dedupeKey: `announcement:${row.id}:${update}`,
        kind: "announcement.update",
        to: { platform: row.platform, conversation: row.conversation },
        reply: broadcastReply(ctx, broadcast, row.locale),
        notBefore: now,
        updateOf: messageId,
      },
      now,
    );
    markAnnouncementShown(ctx.db, row.id, placesShown(session), update);
    queued++;
  }
  return queued;
}

export const announcementRefreshTask: PeriodicTask = {
  name: "announcement-refresh",
  run: (ctx, now) => void refreshAnnouncements(ctx, now),
};
