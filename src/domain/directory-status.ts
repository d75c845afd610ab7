import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import { syncStates } from "./directory.js";

// How far the member directory reaches, per platform and workspace (`spreekuur directory status`): who is in it,
// who left, who ever wrote, who is one person across platforms, who said `stop`, and where each sync stands.

export interface WorkspaceStatus {
  platform: string;
  /** Slack team/enterprise id or Teams tenant id; "" for accounts whose workspace is not known yet. */
  workspace: string;
  /** Every identity of this workspace: the directory's, and those who wrote or were named (ORGANISERS). */
  identities: number;
  /** Listed by the platform's directory (users.list, the team's roster). */
  inDirectory: number;
  present: number;
  left: number;
  /** Of the present ones: */
  guests: number;
  wrote: number;
  neverWrote: number;
  /** The person has a present identity on another platform too. */
  linked: number;
  optedOut: number;
  sync: {
    startedAt: number | null;
    finishedAt: number | null;
    /** A sync started and not finished: running, or stopped by a crash and resumed at its cursor next time. */
    underWay: boolean;
  };
}

interface WorkspaceRow {
  platform: string;
  workspace: string;
  identities: number;
  in_directory: number;
  present: number;
  guests: number;
  wrote: number;
  linked: number;
  opted_out: number;
}

const workspaceCounts = `
  SELECT i.platform, i.workspace, count(*) AS identities, sum(i.in_directory) AS in_directory,
    sum(i.left_at IS NULL) AS present,
    sum(i.left_at IS NULL AND i.guest = 1) AS guests,
    sum(i.left_at IS NULL AND i.last_seen_at IS NOT NULL) AS wrote,
    sum(i.left_at IS NULL AND EXISTS (SELECT 1 FROM identities o
      WHERE o.member_id = i.member_id AND o.platform <> i.platform AND o.left_at IS NULL)) AS linked,
    sum(i.left_at IS NULL AND m.opted_out_at IS NOT NULL) AS opted_out
  FROM identities i JOIN members m ON m.id = i.member_id
  GROUP BY i.platform, i.workspace ORDER BY i.platform, i.workspace`;

const noSync = { startedAt: null, finishedAt: null, underWay: false };

/** One entry per platform and workspace that has identities or a sync on record. */
export function workspaceStatuses(db: Db): WorkspaceStatus[] {
  const byKey = new Map<string, WorkspaceStatus>();
  for (const row of statement<[], WorkspaceRow>(db, workspaceCounts).all()) {
    byKey.set(`${row.platform}\n${row.workspace}`, {
      platform: row.platform,
      workspace: row.workspace,
      identities: row.identities,
      inDirectory: row.in_directory,
      present: row.present,
      left: row.identities - row.present,
      guests: row.guests,
      wrote: row.wrote,
      neverWrote: row.present - row.wrote,
      linked: row.linked,
      optedOut: row.opted_out,
      sync: noSync,
    });
  }
  for (const state of syncStates(db)) {
    const key = `${state.platform}\n${state.workspace}`;
    const status = byKey.get(key) ?? emptyStatus(state.platform, state.workspace);
    status.sync = {
      startedAt: state.startedAt ?? null,
      finishedAt: state.finishedAt ?? null,
      underWay: state.cursor !== undefined,
    };
    byKey.set(key, status);
  }
  return [...byKey.values()].sort(
    (a, b) => a.platform.localeCompare(b.platform) || a.workspace.localeCompare(b.workspace),
  );
}

function emptyStatus(platform: string, workspace: string): WorkspaceStatus {
  const counts = { identities: 0, inDirectory: 0, present: 0, left: 0, guests: 0, wrote: 0, neverWrote: 0 };
  return { platform, workspace, ...counts, linked: 0, optedOut: 0, sync: noSync };
}

export interface PersonTotals {
  /** Persons with at least one present identity: who an audience of everyone can reach. */
  persons: number;
  /** Of them, present on two platforms or more (linked by e-mail or `koppel`). */
  linked: number;
  optedOut: number;
}

export function personTotals(db: Db): PersonTotals {
  const row = statement<[], { persons: number; linked: number; opted_out: number }>(
    db,
    `SELECT count(*) AS persons, coalesce(sum(platforms > 1), 0) AS linked,
       coalesce(sum(opted_out_at IS NOT NULL), 0) AS opted_out
     FROM (SELECT m.opted_out_at, count(DISTINCT i.platform) AS platforms
       FROM members m JOIN identities i ON i.member_id = m.id AND i.left_at IS NULL GROUP BY m.id)`,
  ).get();
  return { persons: row?.persons ?? 0, linked: row?.linked ?? 0, optedOut: row?.opted_out ?? 0 };
}

/** A person as `spreekuur member show` lists them (never an e-mail hash). */
export interface PersonDetails {
  id: number;
  rosterName: string | null;
  role: string | null;
  locale: string | null;
  preferredPlatform: string | null;
  optedOutAt: number | null;
}

export function personDetails(db: Db, memberId: number): PersonDetails | undefined {
  const row = statement<
    [number],
    {
      id: number;
      roster_name: string | null;
      role: string | null;
      locale: string | null;
      preferred_platform: string | null;
      opted_out_at: number | null;
    }
  >(db, "SELECT id, roster_name, role, locale, preferred_platform, opted_out_at FROM members WHERE id = ?").get(
    memberId,
  );
  return (
    row && {
      id: row.id,
      rosterName: row.roster_name,
      role: row.role,
      locale: row.locale,
      preferredPlatform: row.preferred_platform,
      optedOutAt: row.opted_out_at,
    }
  );
}
