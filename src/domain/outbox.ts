import type { Address, Platform, Reply } from "../contract.js";
import { type Db, inTransaction } from "../storage/db.js";
import { statement } from "../storage/statements.js";

export interface OutboxEntry {
  /** What + to whom: the same key is enqueued once, ever. */
  dedupeKey: string;
  kind: string;
  to: Address;
  memberId?: number;
  reply: Reply;
  /** Not before this moment (quiet hours, scheduled broadcasts). */
  notBefore: number;
  /** A nudge (reminder, poll, non-urgent broadcast): counts toward the member's weekly cap. */
  nudge?: boolean;
  broadcastId?: number;
  /** Replace this earlier message (Adapter.update) instead of sending a new one. */
  updateOf?: string;
}

/** Writes a message to the durable outbox; false when the same dedupe key was enqueued before. */
export function enqueue(db: Db, entry: OutboxEntry, now: number): boolean {
  return enqueueReturningId(db, entry, now) !== undefined;
}

/**
 * As `enqueue`, returning the new row's id (undefined when the key was enqueued before). The row names the
 * identity it goes to (the addressed account, else the member's latest on that platform) and its workspace (the
 * address's, else that identity's): the dispatcher paces and holds per workspace.
 */
export function enqueueReturningId(db: Db, entry: OutboxEntry, now: number): number | undefined {
  // A confidential reply (the card of an anonymous reaction carries its key) would tie the key to the member here.
  if (entry.reply.confidential) throw new Error("a confidential reply is never written to the outbox");
  const result = statement(
    db,
    `WITH ident AS (SELECT coalesce(
         (SELECT id FROM identities WHERE platform = ? AND user_id = ? AND member_id IS ?),
         (SELECT id FROM identities WHERE member_id = ? AND platform = ? AND left_at IS NULL
           ORDER BY last_seen_at DESC LIMIT 1)) AS id)
     INSERT INTO outbox (dedupe_key, kind, platform, conversation, member_id, payload, not_before, created_at,
         nudge, broadcast_id, update_of, identity_id, workspace)
       SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ident.id,
         coalesce(nullif(?, ''), (SELECT workspace FROM identities WHERE id = ident.id), '')
       FROM ident WHERE true
       ON CONFLICT (dedupe_key) DO NOTHING`,
  ).run(
    entry.to.platform,
    entry.to.user ?? null,
    entry.memberId ?? null,
    entry.memberId ?? null,
    entry.to.platform,
    entry.dedupeKey,
    entry.kind,
    entry.to.platform,
    entry.to.conversation,
    entry.memberId ?? null,
    JSON.stringify(entry.reply),
    entry.notBefore,
    now,
    entry.nudge ? 1 : 0,
    entry.broadcastId ?? null,
    entry.updateOf ?? null,
    entry.to.workspace ?? null,
  );
  return result.changes > 0 ? Number(result.lastInsertRowid) : undefined;
}

export interface OutboxRow {
  id: number;
  dedupeKey: string;
  kind: string;
  to: Address;
  memberId: number | null;
  reply: Reply;
  attempts: number;
  updateOf: string | null;
  /** The identity it goes to, when it names one; no `dmConversation` yet means first contact (`openDirect`). */
  identity?: { id: number; userId: string; workspace: string; dmConversation: string | null };
}

interface CountRow {
  n: number;
}

interface IdRow {
  id: number | null;
}

interface MomentRow {
  at: number | null;
}

interface MessageIdRow {
  message_id: string | null;
}

interface RawRow {
  id: number;
  dedupe_key: string;
  kind: string;
  platform: Address["platform"];
  conversation: string;
  member_id: number | null;
  payload: string;
  attempts: number;
  update_of: string | null;
  identity_id: number | null;
  workspace: string;
  user_id: string | null;
  identity_workspace: string | null;
  dm_conversation: string | null;
}

function toOutboxRow(raw: RawRow): OutboxRow {
  // Queued before the 1:1 conversation was known (addressed to the user id): it goes there now.
  const conversation = raw.dm_conversation && raw.conversation === raw.user_id ? raw.dm_conversation : raw.conversation;
  const workspace = raw.workspace || raw.identity_workspace || undefined;
  return {
    id: raw.id,
    dedupeKey: raw.dedupe_key,
    kind: raw.kind,
    to: {
      platform: raw.platform,
      conversation,
      ...(raw.user_id ? { user: raw.user_id } : {}),
      ...(workspace ? { workspace } : {}),
    },
    memberId: raw.member_id,
    reply: JSON.parse(raw.payload) as Reply,
    attempts: raw.attempts,
    updateOf: raw.update_of,
    ...(raw.identity_id !== null && raw.user_id !== null
      ? {
          identity: {
            id: raw.identity_id,
            userId: raw.user_id,
            workspace: raw.identity_workspace ?? "",
            dmConversation: raw.dm_conversation,
          },
        }
      : {}),
  };
}

const selectRows = `SELECT o.id, o.dedupe_key, o.kind, o.platform, o.conversation, o.member_id, o.payload, o.attempts,
    o.update_of, o.identity_id, o.workspace, i.user_id, i.workspace AS identity_workspace, i.dm_conversation
  FROM outbox o LEFT JOIN identities i ON i.id = o.identity_id`;

/** Pending messages of one workspace of a platform that are due, oldest first (an index range). */
function due(db: Db, platform: Platform, workspace: string, now: number, limit: number): OutboxRow[] {
  return statement<[Platform, string, number, number], RawRow>(
    db,
    `${selectRows} WHERE o.platform = ? AND o.status = 'pending' AND o.workspace = ? AND o.not_before <= ?
         ORDER BY o.not_before, o.id LIMIT ?`,
  )
    .all(platform, workspace, now, limit)
    .map(toOutboxRow);
}

/**
 * Takes up to `limit` due rows of a workspace and marks them 'sending' in one transaction. Only claimed rows can
 * be sent twice after a crash, so the claim size bounds the duplicates.
 */
export function claim(db: Db, platform: Platform, workspace: string, now: number, limit: number): OutboxRow[] {
  if (limit <= 0) return [];
  return inTransaction(db, () => {
    const rows = due(db, platform, workspace, now, limit);
    const mark = statement<[number]>(db, "UPDATE outbox SET status = 'sending' WHERE id = ?");
    for (const row of rows) mark.run(row.id);
    return rows;
  });
}

interface WorkspaceDueRow {
  workspace: string;
  at: number;
}

/** The platform's workspaces with pending rows that are not held, each with when its next row is due. */
export function pendingWorkspaces(db: Db, platform: Platform): { workspace: string; dueAt: number }[] {
  return statement<[Platform, Platform], WorkspaceDueRow>(
    db,
    `SELECT o.workspace, min(o.not_before) AS at FROM outbox o
      WHERE o.platform = ? AND o.status = 'pending'
        AND o.workspace NOT IN (SELECT workspace FROM workspace_holds WHERE platform = ?)
      GROUP BY o.workspace`,
  )
    .all(platform, platform)
    .map((row) => ({ workspace: row.workspace, dueAt: row.at }));
}

/** After a crash: rows left 'sending' go back to the queue. Returns how many. */
export function requeueInFlight(db: Db, platform: Address["platform"]): number {
  return statement(db, "UPDATE outbox SET status = 'pending' WHERE platform = ? AND status = 'sending'").run(platform)
    .changes;
}

/** Gives a claimed row back unsent (the dispatcher is stopping). */
export function release(db: Db, id: number): void {
  statement(db, "UPDATE outbox SET status = 'pending' WHERE id = ? AND status = 'sending'").run(id);
}

/** When the workspace's next pending row is due (undefined when none is pending). */
export function nextDueAt(db: Db, platform: Platform, workspace: string): number | undefined {
  const row = statement<[Platform, string], MomentRow>(
    db,
    "SELECT min(not_before) AS at FROM outbox WHERE platform = ? AND status = 'pending' AND workspace = ?",
  ).get(platform, workspace);
  return row?.at ?? undefined;
}

export function markSent(db: Db, id: number, messageId: string, now: number): void {
  statement(
    db,
    "UPDATE outbox SET status = 'sent', message_id = ?, sent_at = ?, failure = NULL, attempts = attempts + 1 WHERE id = ?",
  ).run(messageId, now, id);
}

export function markFailed(db: Db, id: number, failure: string): void {
  statement(db, "UPDATE outbox SET status = 'failed', failure = ?, attempts = attempts + 1 WHERE id = ?").run(
    failure,
    id,
  );
}

/** First contact opened the 1:1 conversation: the row goes there (and is found there, as any other). */
export function setConversation(db: Db, id: number, conversation: string): void {
  statement(db, "UPDATE outbox SET conversation = ? WHERE id = ?").run(conversation, id);
}

/** Back to the queue until `notBefore`; `countAttempt` false for waits that are not the message's fault (429). */
export function retryLater(db: Db, id: number, notBefore: number, failure: string, countAttempt = true): void {
  statement(
    db,
    "UPDATE outbox SET status = 'pending', not_before = ?, failure = ?, attempts = attempts + ? WHERE id = ?",
  ).run(notBefore, failure, countAttempt ? 1 : 0, id);
}

/** Back to the queue unchanged (due as before, no attempt counted): the app was refused, the row waits for it. */
export function holdForApp(db: Db, id: number, failure: string): void {
  statement(db, "UPDATE outbox SET status = 'pending', failure = ? WHERE id = ?").run(failure, id);
}

/** Rows of a workspace not yet sent or failed (pending or claimed): what waits while its sends are paused. */
export function waitingCount(db: Db, platform: Platform, workspace: string): number {
  const row = statement<[Platform, string], CountRow>(
    db,
    "SELECT count(*) AS n FROM outbox WHERE platform = ? AND workspace = ? AND status IN ('pending', 'sending')",
  ).get(platform, workspace);
  return row?.n ?? 0;
}

export function messageIdOf(db: Db, outboxId: number): string | undefined {
  const row = statement<[number], MessageIdRow>(
    db,
    "SELECT message_id FROM outbox WHERE id = ? AND status = 'sent'",
  ).get(outboxId);
  return row?.message_id ?? undefined;
}

/** Whether a message with this dedupe key was ever enqueued. */
export function isEnqueued(db: Db, dedupeKey: string): boolean {
  return statement<[string]>(db, "SELECT 1 FROM outbox WHERE dedupe_key = ?").get(dedupeKey) !== undefined;
}

/** Whether a message whose dedupe key matches the LIKE pattern still waits (pending or claimed). */
export function isWaitingLike(db: Db, dedupeKeyPattern: string): boolean {
  return (
    statement<[string]>(db, "SELECT 1 FROM outbox WHERE dedupe_key LIKE ? AND status IN ('pending', 'sending')").get(
      dedupeKeyPattern,
    ) !== undefined
  );
}

/** Removes the pending messages whose dedupe key starts with `prefix`; returns how many. */
export function withdrawPending(db: Db, dedupeKeyPrefix: string): number {
  return statement<[string, string]>(
    db,
    "DELETE FROM outbox WHERE status = 'pending' AND substr(dedupe_key, 1, length(?)) = ?",
  ).run(dedupeKeyPrefix, dedupeKeyPrefix).changes;
}

/** Removes the pending message with exactly this dedupe key (a prefix would also take `…:1` for `…:12`). */
export function withdrawPendingKey(db: Db, dedupeKey: string): boolean {
  return (
    statement<[string]>(db, "DELETE FROM outbox WHERE status = 'pending' AND dedupe_key = ?").run(dedupeKey).changes > 0
  );
}

/** The oldest row of a workspace still waiting (pending or claimed), if any. */
export function oldestWaitingId(db: Db, platform: Platform, workspace: string): number | undefined {
  const row = statement<[Platform, string], IdRow>(
    db,
    "SELECT min(id) AS id FROM outbox WHERE platform = ? AND workspace = ? AND status IN ('pending', 'sending')",
  ).get(platform, workspace);
  return row?.id ?? undefined;
}
