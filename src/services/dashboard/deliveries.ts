import {
  type BroadcastGroupRow,
  type BroadcastRow,
  broadcastGroups,
  queuedBroadcast,
  recentBroadcasts,
} from "../../domain/dashboard-deliveries.js";
import { deliveryCounts } from "../../domain/delivery-report.js";
import type { CoreContext } from "../context.js";
import type { BroadcastProgress, Deliveries } from "./model.js";

// Each broadcast's progress: sent, pending, failed (by reason) and paused (waiting for the app itself, never
// failed). The list counts its broadcasts in one grouped query; one broadcast's live progress is the delivery
// report's own count (delivery-report.ts), so the page and the chat say the same.

const recent = 50;
const previewLength = 60;

/** The message's first words, at most about 60 characters: enough to recognise it, not to read it again. */
function previewOf(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= previewLength) return flat;
  const cut = flat.slice(0, previewLength);
  const space = cut.lastIndexOf(" ");
  return `${(space > previewLength / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** As the organiser chose it: `everyone`, `region:Utrecht`, `session:DS27-01`, `role:aios`, … */
const audienceOf = (row: BroadcastRow) => (row.audience_arg ? `${row.audience}:${row.audience_arg}` : row.audience);

type Counts = Pick<BroadcastProgress, "total" | "sent" | "pending" | "failed" | "paused" | "failures" | "done">;

function progress(row: BroadcastRow, counts: Counts): BroadcastProgress {
  return {
    id: row.id,
    createdAt: row.created_at,
    queuedAt: row.queued_at,
    audience: audienceOf(row),
    preview: previewOf(row.opening),
    ...counts,
  };
}

const byCount = (a: { reason: string; count: number }, b: { reason: string; count: number }) =>
  b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0);

function countsOf(groups: readonly BroadcastGroupRow[]): Counts {
  let sent = 0;
  let pending = 0;
  let failed = 0;
  let paused = 0;
  const reasons = new Map<string, number>();
  for (const group of groups) {
    if (group.status === "sent") sent += group.n;
    else if (group.status === "failed") {
      failed += group.n;
      const reason = group.reason ?? "unknown";
      reasons.set(reason, (reasons.get(reason) ?? 0) + group.n);
    } else if (group.paused === 1) paused += group.n;
    else pending += group.n;
  }
  const failures = [...reasons].map(([reason, count]) => ({ reason, count })).sort(byCount);
  const total = sent + pending + failed + paused;
  return { total, sent, pending, failed, paused, failures, done: pending + paused === 0 };
}

/** The newest broadcasts that went out (at most 50), newest first, in two queries. */
export function deliveriesFor(ctx: CoreContext): Deliveries {
  const rows = recentBroadcasts(ctx.db, recent);
  const groups = new Map<number, BroadcastGroupRow[]>();
  for (const group of broadcastGroups(
    ctx.db,
    rows.map((row) => row.id),
  )) {
    const own = groups.get(group.broadcast_id) ?? [];
    own.push(group);
    groups.set(group.broadcast_id, own);
  }
  return { broadcasts: rows.map((row) => progress(row, countsOf(groups.get(row.id) ?? []))) };
}

/** One broadcast's progress, for its live view; undefined when there is no such queued broadcast. */
export function broadcastProgressFor(ctx: CoreContext, id: number): BroadcastProgress | undefined {
  const row = queuedBroadcast(ctx.db, id);
  if (!row) return undefined;
  const report = deliveryCounts(ctx.db, id);
  return progress(row, {
    total: report.total,
    sent: report.sent,
    pending: report.waiting - report.paused,
    failed: report.failed,
    paused: report.paused,
    failures: report.failures,
    done: report.waiting === 0,
  });
}
