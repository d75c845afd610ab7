import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import { createMemberWithIdentity, findIdentity } from "./identities.js";
import { linkByEmail } from "./linking.js";

// The platforms' member directories (Slack users.list, a Teams team's roster) as identities, and where each
// workspace's sync stands. The directory stores the least: ids, workspace, locale, guest or not, and an e-mail
// hash only when linking by e-mail is on.

export interface DirectoryEntry {
  platform: string;
  workspace: string;
  userId: string;
  guest: boolean;
  /** The platform's language for the account, when it tells: fills a member's language not chosen yet. */
  locale?: "nl" | "en" | undefined;
  /** HMAC of the verified e-mail address (services/email-hash.ts), when linking by e-mail is on. */
  emailHash?: string | undefined;
}

/** Records an account the directory lists: a new person when unknown, else present again. Returns its member. */
export function upsertDirectoryEntry(db: Db, entry: DirectoryEntry, now: number): number {
  const existing = findIdentity(db, entry.platform, entry.userId);
  let memberId: number;
  let identityId: number;
  if (existing) {
    memberId = existing.memberId;
    identityId = existing.id;
    statement(
      db,
      `UPDATE identities SET workspace = ?, in_directory = 1, guest = ?, left_at = NULL, synced_at = ?,
         email_hash = ? WHERE id = ?`,
    ).run(entry.workspace, entry.guest ? 1 : 0, now, entry.emailHash ?? null, existing.id);
  } else {
    ({ memberId, identityId } = createMemberWithIdentity(db, { ...entry, inDirectory: true, syncedAt: now }, now));
  }
  if (entry.locale)
    statement(db, "UPDATE members SET locale = coalesce(locale, ?) WHERE id = ?").run(entry.locale, memberId);
  // The same verified e-mail on another platform: the same person (the older member stays).
  const merges = entry.emailHash ? linkByEmail(db, identityId, now) : [];
  return merges.at(-1)?.keep ?? memberId;
}

/** The account left the workspace or team (or was deactivated): in no audience from now on. */
export function markLeft(db: Db, platform: string, userId: string, now: number): boolean {
  return (
    statement(db, "UPDATE identities SET left_at = ? WHERE platform = ? AND user_id = ? AND left_at IS NULL").run(
      now,
      platform,
      userId,
    ).changes > 0
  );
}

/** After a full sync: the workspace's directory accounts the sync did not see have left. Returns how many. */
export function markUnseenLeft(
  db: Db,
  platform: string,
  workspace: string,
  syncStartedAt: number,
  now: number,
): number {
  return statement(
    db,
    `UPDATE identities SET left_at = ? WHERE platform = ? AND workspace = ? AND in_directory = 1
       AND left_at IS NULL AND coalesce(synced_at, 0) < ?`,
  ).run(now, platform, workspace, syncStartedAt).changes;
}

export interface SyncState {
  platform: string;
  workspace: string;
  /** The page to ask for next; undefined when no sync is under way. */
  cursor: string | undefined;
  startedAt: number | undefined;
  finishedAt: number | undefined;
  seen: number;
}

interface SyncRow {
  platform: string;
  workspace: string;
  cursor: string | null;
  started_at: number | null;
  finished_at: number | null;
  seen: number;
}

const toSyncState = (row: SyncRow): SyncState => ({
  platform: row.platform,
  workspace: row.workspace,
  cursor: row.cursor ?? undefined,
  startedAt: row.started_at ?? undefined,
  finishedAt: row.finished_at ?? undefined,
  seen: row.seen,
});

export function syncState(db: Db, platform: string, workspace: string): SyncState | undefined {
  const row = statement<[string, string], SyncRow>(
    db,
    "SELECT * FROM directory_syncs WHERE platform = ? AND workspace = ?",
  ).get(platform, workspace);
  return row && toSyncState(row);
}

export function syncStates(db: Db): SyncState[] {
  return statement<[], SyncRow>(db, "SELECT * FROM directory_syncs ORDER BY platform, workspace")
    .all()
    .map(toSyncState);
}

/** A sync starts (or resumes, when one is under way: its cursor and start are kept). */
export function startSync(db: Db, platform: string, workspace: string, now: number): SyncState {
  statement(
    db,
    `INSERT INTO directory_syncs (platform, workspace, cursor, started_at, seen) VALUES (?, ?, '', ?, 0)
       ON CONFLICT (platform, workspace) DO UPDATE SET cursor = '', started_at = excluded.started_at, seen = 0
       WHERE cursor IS NULL`,
  ).run(platform, workspace, now);
  const state = syncState(db, platform, workspace);
  if (!state) throw new Error("sync state vanished");
  return state;
}

/** A page was stored: the next cursor, in the same transaction as the page's entries. */
export function advanceSync(db: Db, platform: string, workspace: string, cursor: string, pageSize: number): void {
  statement(db, "UPDATE directory_syncs SET cursor = ?, seen = seen + ? WHERE platform = ? AND workspace = ?").run(
    cursor,
    pageSize,
    platform,
    workspace,
  );
}

export function finishSync(db: Db, platform: string, workspace: string, now: number): void {
  statement(db, "UPDATE directory_syncs SET cursor = NULL, finished_at = ? WHERE platform = ? AND workspace = ?").run(
    now,
    platform,
    workspace,
  );
}
