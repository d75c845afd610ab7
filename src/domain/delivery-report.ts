import type { Platform } from "../contract.js";
import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";

// A broadcast's delivery counts, in total and per (platform, workspace): one grouped query on the outbox (by its
// broadcast index), with each workspace's name (installations) and hold (workspace_holds) looked up by key.

interface ReasonCount {
  reason: string;
  count: number;
}

/** One workspace or tenant of a broadcast. `waiting` leaves out the paused: they wait for the app, not a turn. */
export interface WorkspaceDelivery {
  platform: Platform;
  /** Slack team or enterprise id, Teams tenant id; '' when unknown. */
  workspace: string;
  /** The installation's name, when known. */
  name?: string;
  sent: number;
  waiting: number;
  failed: number;
  /** Failure reasons with their counts, most frequent first. */
  failures: ReasonCount[];
  /** Waiting because the app itself is held or refused there (uninstalled, revoked): never a member's doing. */
  paused: number;
  /** The platform's code for the pause (`app_uninstalled`, `token_revoked`, `HTTP 401`), when paused. */
  pausedReason?: string;
}

export interface DeliveryCounts {
  total: number;
  sent: number;
  /** Not yet sent or failed, the paused included. */
  waiting: number;
  failed: number;
  /** Of the waiting, those paused for the app (see WorkspaceDelivery.paused). */
  paused: number;
  /** Failure reasons (without details that could name a person) with their counts, most frequent first. */
  failures: ReasonCount[];
  /** When the next waiting message is due (quiet hours, a later time, a retry). */
  nextAt?: number;
  /** Per workspace, when the setup has several on a platform; empty in a single-workspace setup. */
  workspaces: WorkspaceDelivery[];
}

interface GroupRow {
  platform: Platform;
  workspace: string;
  status: string;
  /** A failed row's failure; a waiting row's when it names a pause (`paused: …`, `unauthorized: …`); else null. */
  reason: string | null;
  n: number;
  next: number;
  name: string | null;
  hold: string | null;
  /** Installations known on the platform (removed ones too): more than one is a multi-workspace setup. */
  installs: number;
}

/** The one query behind the report (a test checks it runs on the broadcast index). */
export const deliveryGroupsSql = `
SELECT g.platform, g.workspace, g.status, g.reason, g.n, g.next, i.name, h.reason AS hold,
  (SELECT count(*) FROM installations c WHERE c.platform = g.platform) AS installs
FROM (
  SELECT platform, workspace, status,
    CASE WHEN status = 'failed' THEN coalesce(failure, 'unknown')
         WHEN status IN ('pending', 'sending') AND (failure LIKE 'paused:%' OR failure LIKE 'unauthorized:%')
           THEN failure END AS reason,
    count(*) AS n, min(not_before) AS next
  FROM outbox WHERE broadcast_id = ? GROUP BY platform, workspace, status, reason
) g
LEFT JOIN installations i ON i.platform = g.platform AND i.workspace = g.workspace
LEFT JOIN workspace_holds h ON h.platform = g.platform AND h.workspace = g.workspace`;

/** The pause's code without its prefix: `paused: app_uninstalled` → `app_uninstalled`. */
function pauseCode(failure: string): string {
  return failure.slice(failure.indexOf(":") + 1).trim();
}

function addReason(reasons: Map<string, number>, reason: string, count: number): void {
  reasons.set(reason, (reasons.get(reason) ?? 0) + count);
}

function sortedReasons(reasons: Map<string, number>): ReasonCount[] {
  return [...reasons]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
}

interface Tally {
  delivery: WorkspaceDelivery;
  failures: Map<string, number>;
  pauses: Map<string, number>;
}

function tallyOf(tallies: Map<string, Tally>, row: GroupRow): Tally {
  const key = `${row.platform}\u0000${row.workspace}`;
  let tally = tallies.get(key);
  if (!tally) {
    const { platform, workspace } = row;
    const delivery = { platform, workspace, sent: 0, waiting: 0, failed: 0, failures: [], paused: 0 };
    tally = {
      delivery: { ...delivery, ...(row.name ? { name: row.name } : {}) },
      failures: new Map(),
      pauses: new Map(),
    };
    tallies.set(key, tally);
  }
  return tally;
}

function count(tally: Tally, row: GroupRow): void {
  const d = tally.delivery;
  if (row.status === "sent") d.sent += row.n;
  else if (row.status === "failed") {
    d.failed += row.n;
    addReason(tally.failures, row.reason ?? "unknown", row.n);
  } else if (row.hold !== null || row.reason !== null) {
    d.paused += row.n;
    // A hold (uninstalled, revoked) names the pause; else the refusal the rows were held on.
    addReason(tally.pauses, row.hold ?? pauseCode(row.reason ?? ""), row.n);
  } else d.waiting += row.n;
}

/** A platform with more than one workspace in the broadcast, or more than one installation: a breakdown is due. */
function severalWorkspaces(groups: GroupRow[]): boolean {
  const seen = new Map<Platform, Set<string>>();
  for (const row of groups) {
    if (row.installs > 1) return true;
    const workspaces = seen.get(row.platform) ?? new Set<string>();
    workspaces.add(row.workspace);
    seen.set(row.platform, workspaces);
    if (workspaces.size > 1) return true;
  }
  return false;
}

const byPlace = (a: WorkspaceDelivery, b: WorkspaceDelivery) =>
  a.platform.localeCompare(b.platform) ||
  (a.name ?? a.workspace).localeCompare(b.name ?? b.workspace) ||
  a.workspace.localeCompare(b.workspace);

export function deliveryCounts(db: Db, broadcastId: number): DeliveryCounts {
  const groups = statement<[number], GroupRow>(db, deliveryGroupsSql).all(broadcastId);
  const tallies = new Map<string, Tally>();
  const failures = new Map<string, number>();
  let nextAt: number | undefined;
  for (const row of groups) {
    count(tallyOf(tallies, row), row);
    if (row.status === "failed") addReason(failures, row.reason ?? "unknown", row.n);
    if (row.status === "pending") nextAt = Math.min(nextAt ?? row.next, row.next);
  }
  const workspaces = [...tallies.values()].map(({ delivery, failures: own, pauses }) => {
    const pausedReason = sortedReasons(pauses)[0]?.reason;
    return { ...delivery, failures: sortedReasons(own), ...(pausedReason ? { pausedReason } : {}) };
  });
  const sum = (pick: (w: WorkspaceDelivery) => number) => workspaces.reduce((total, w) => total + pick(w), 0);
  const sent = sum((w) => w.sent);
  const failed = sum((w) => w.failed);
  const paused = sum((w) => w.paused);
  const waiting = sum((w) => w.waiting) + paused;
  return {
    total: sent + failed + waiting,
    sent,
    waiting,
    failed,
    paused,
    failures: sortedReasons(failures),
    ...(nextAt !== undefined ? { nextAt } : {}),
    workspaces: severalWorkspaces(groups) ? workspaces.sort(byPlace) : [],
  };
}
