import type { Platform } from "../contract.js";
import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";

// Held workspaces: the app was uninstalled there or its tokens revoked. Their messages wait (pending, with the
// reason as their failure) until the app is installed again; no member is marked, no attempt counted.

export interface WorkspaceHold {
  platform: Platform;
  workspace: string;
  reason: string;
  since: number;
}

interface HoldRow {
  platform: Platform;
  workspace: string;
  reason: string;
  since: number;
}

const toHold = (row: HoldRow): WorkspaceHold => ({ ...row });

/** Holds the workspace's sends and marks its waiting rows with the reason; returns how many rows wait. */
export function holdWorkspace(db: Db, platform: Platform, workspace: string, reason: string, now: number): number {
  statement<[Platform, string, string, number]>(
    db,
    `INSERT INTO workspace_holds (platform, workspace, reason, since) VALUES (?, ?, ?, ?)
     ON CONFLICT (platform, workspace) DO UPDATE SET reason = excluded.reason`,
  ).run(platform, workspace, reason, now);
  return statement<[string, Platform, string]>(
    db,
    "UPDATE outbox SET failure = ? WHERE platform = ? AND workspace = ? AND status IN ('pending', 'sending')",
  ).run(`paused: ${reason}`, platform, workspace).changes;
}

/** Installed again: its waiting rows go out as they were. True when it was held. */
export function releaseWorkspace(db: Db, platform: Platform, workspace: string): boolean {
  const released =
    statement<[Platform, string]>(db, "DELETE FROM workspace_holds WHERE platform = ? AND workspace = ?").run(
      platform,
      workspace,
    ).changes > 0;
  if (released) {
    statement<[Platform, string]>(
      db,
      `UPDATE outbox SET failure = NULL WHERE platform = ? AND workspace = ? AND status = 'pending'
         AND failure LIKE 'paused:%'`,
    ).run(platform, workspace);
  }
  return released;
}

export function findHold(db: Db, platform: Platform, workspace: string): WorkspaceHold | undefined {
  const row = statement<[Platform, string], HoldRow>(
    db,
    "SELECT platform, workspace, reason, since FROM workspace_holds WHERE platform = ? AND workspace = ?",
  ).get(platform, workspace);
  return row && toHold(row);
}

export function holdsOf(db: Db, platform: Platform): WorkspaceHold[] {
  return statement<[Platform], HoldRow>(
    db,
    "SELECT platform, workspace, reason, since FROM workspace_holds WHERE platform = ? ORDER BY workspace",
  )
    .all(platform)
    .map(toHold);
}
