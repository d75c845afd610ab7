import type { Locale, Platform } from "../contract.js";
import { getBroadcast, placesShown } from "../domain/broadcasts.js";
import { enqueue, messageIdOf } from "../domain/outbox.js";
import { getSession } from "../domain/sessions.js";
import { broadcastReply } from "./broadcast-reply.js";
import type { CoreContext } from "./context.js";
import type { PeriodicTask } from "./scheduling/periodic-task.js";

interface AnnouncementRow {
  id: number;
  session_id: string;
  platform: Platform;
  conversation: string;
  locale: Locale;
  outbox_id: number;
  shown: string;
  updates: number;
  broadcast_id: number | null;
}

/**
 * Keeps the places-left count of session announcements in channels current: when places changed since the
 * message was last shown, an update of that message is queued (Adapter.update). Runs once per scheduler tick, so
 * a busy session updates its announcement at most once a minute; an update still waiting is not stacked.
 */
export function refreshAnnouncements(ctx: CoreContext, now: number): number {
  const rows = ctx.db
    .prepare(
      `SELECT a.*, o.broadcast_id FROM announcements a JOIN outbox o ON o.id = a.outbox_id
       JOIN sessions s ON s.id = a.session_id WHERE s.ends_at > ?`,
    )
    .all(now) as AnnouncementRow[];
  let queued = 0;
  for (const row of rows) {
    const session = getSession(ctx.db, row.session_id);
    const messageId = messageIdOf(ctx.db, row.outbox_id);
    if (!session || !messageId || placesShown(session) === row.shown) continue;
    const waiting = ctx.db
      .prepare("SELECT 1 FROM outbox WHERE dedupe_key LIKE ? AND status IN ('pending', 'sending')")
      .get(`announcement:${row.id}:%`);
    if (waiting) continue;
    const broadcast = row.broadcast_id === null ? undefined : getBroadcast(ctx.db, row.broadcast_id);
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
    ctx.db
      .prepare("UPDATE announcements SET shown = ?, updates = ? WHERE id = ?")
      .run(placesShown(session), update, row.id);
    queued++;
  }
  return queued;
}

export const announcementRefreshTask: PeriodicTask = {
  name: "announcement-refresh",
  run: (ctx, now) => void refreshAnnouncements(ctx, now),
};
