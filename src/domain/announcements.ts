import type { Locale, Platform } from "../contract.js";
import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";

// Session announcements in channels (table announcements): what their places-left count last showed.

export interface Announcement {
  id: number;
  sessionId: string;
  platform: Platform;
  conversation: string;
  locale: Locale;
  outboxId: number;
  /** The places-left text the message shows now. */
  shown: string;
  updates: number;
  /** The broadcast whose message it is (none for rows older than broadcasts). */
  broadcastId: number | null;
}

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

/** Announcements of sessions that have not ended. */
export function liveAnnouncements(db: Db, now: number): Announcement[] {
  return statement<[number], AnnouncementRow>(
    db,
    `SELECT a.*, o.broadcast_id FROM announcements a JOIN outbox o ON o.id = a.outbox_id
       JOIN sessions s ON s.id = a.session_id WHERE s.ends_at > ?`,
  )
    .all(now)
    .map((row) => ({
      id: row.id,
      sessionId: row.session_id,
      platform: row.platform,
      conversation: row.conversation,
      locale: row.locale,
      outboxId: row.outbox_id,
      shown: row.shown,
      updates: row.updates,
      broadcastId: row.broadcast_id,
    }));
}

/** Records what the announcement shows after its latest update. */
export function markAnnouncementShown(db: Db, id: number, shown: string, updates: number): void {
  statement<[string, number, number]>(db, "UPDATE announcements SET shown = ?, updates = ? WHERE id = ?").run(
    shown,
    updates,
    id,
  );
}
