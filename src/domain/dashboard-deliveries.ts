import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";

// The dashboard's delivery figures for many broadcasts at once: one grouped query on the outbox's broadcast index.
// Sent rows are counted from the index alone; the others are read for their failure and their workspace's hold,
// classified as delivery-report.ts does (a row waiting for the app itself is paused, never failed).

export interface BroadcastRow {
  id: number;
  created_at: number;
  queued_at: number | null;
  audience: string;
  audience_arg: string | null;
  /** The start of the message: the dashboard shows its first words only. */
  opening: string;
}

export interface BroadcastGroupRow {
  broadcast_id: number;
  status: "pending" | "sending" | "sent" | "failed";
  /** A failed row's failure ('unknown' when none was recorded); else null. */
  reason: string | null;
  /** 1: waiting for the app (a held workspace, or a refusal the row was held on). */
  paused: number;
  n: number;
}

const broadcastColumns =
  "b.id, b.created_at, b.queued_at, b.audience, b.audience_arg, substr(b.text, 1, 200) AS opening";

export const recentBroadcastsSql = `SELECT ${broadcastColumns} FROM broadcasts b
  WHERE b.status = 'queued' ORDER BY b.id DESC LIMIT ?`;

/** The newest queued broadcasts (drafts and discarded ones never went out). */
export function recentBroadcasts(db: Db, limit: number): BroadcastRow[] {
  return statement<[number], BroadcastRow>(db, recentBroadcastsSql).all(limit);
}

export const queuedBroadcastSql = `SELECT ${broadcastColumns} FROM broadcasts b WHERE b.id = ? AND b.status = 'queued'`;

export function queuedBroadcast(db: Db, id: number): BroadcastRow | undefined {
  return statement<[number], BroadcastRow>(db, queuedBroadcastSql).get(id);
}

export const broadcastGroupsSql = `SELECT o.broadcast_id, o.status, NULL AS reason, 0 AS paused, count(*) AS n
    FROM outbox o WHERE o.broadcast_id IN (SELECT value FROM json_each(@ids)) AND o.status = 'sent'
    GROUP BY o.broadcast_id
  UNION ALL
  SELECT w.broadcast_id, w.status, CASE WHEN w.status = 'failed' THEN coalesce(w.failure, 'unknown') END AS reason,
      (w.status <> 'failed' AND (h.reason IS NOT NULL OR w.failure LIKE 'paused:%' OR w.failure LIKE 'unauthorized:%'))
        AS paused,
      sum(w.n) AS n
    FROM (SELECT o.broadcast_id, o.status, o.failure, o.platform, o.workspace, count(*) AS n FROM outbox o
        WHERE o.broadcast_id IN (SELECT value FROM json_each(@ids)) AND o.status IN ('pending', 'sending', 'failed')
        GROUP BY 1, 2, 3, 4, 5) w
    LEFT JOIN workspace_holds h ON h.platform = w.platform AND h.workspace = w.workspace
    GROUP BY 1, 2, 3, 4`;

/** The outbox rows of the given broadcasts, counted by status, failure and pause. */
export function broadcastGroups(db: Db, ids: readonly number[]): BroadcastGroupRow[] {
  if (!ids.length) return [];
  return statement<[{ ids: string }], BroadcastGroupRow>(db, broadcastGroupsSql).all({ ids: JSON.stringify(ids) });
}
