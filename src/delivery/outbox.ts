import type { Address, Reply } from "../contract.js";
import type { Db } from "../storage/db.js";

export interface OutboxEntry {
  /** What + to whom: the same key is enqueued once, ever. */
  dedupeKey: string;
  kind: string;
  to: Address;
  memberId?: number;
  reply: Reply;
  /** Not before this moment (quiet hours, scheduled broadcasts). */
  notBefore: number;
}

/** Writes a message to the durable outbox; false when the same dedupe key was enqueued before. */
export function enqueue(db: Db, entry: OutboxEntry, now: number): boolean {
  return (
    db
      .prepare(
        `INSERT INTO outbox (dedupe_key, kind, platform, conversation, member_id, payload, not_before, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
      )
      .run(
        entry.dedupeKey,
        entry.kind,
        entry.to.platform,
        entry.to.conversation,
        entry.memberId ?? null,
        JSON.stringify(entry.reply),
        entry.notBefore,
        now,
      ).changes > 0
  );
}

export interface OutboxRow {
  id: number;
  dedupeKey: string;
  kind: string;
  to: Address;
  memberId: number | null;
  reply: Reply;
  attempts: number;
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
  user_id: string | null;
}

export function toOutboxRow(raw: RawRow): OutboxRow {
  return {
    id: raw.id,
    dedupeKey: raw.dedupe_key,
    kind: raw.kind,
    to: { platform: raw.platform, conversation: raw.conversation, ...(raw.user_id ? { user: raw.user_id } : {}) },
    memberId: raw.member_id,
    reply: JSON.parse(raw.payload) as Reply,
    attempts: raw.attempts,
  };
}

/** Pending messages for a platform that are due, oldest first. */
export function due(db: Db, platform: Address["platform"], now: number, limit: number): OutboxRow[] {
  return (
    db
      .prepare(
        `SELECT o.id, o.dedupe_key, o.kind, o.platform, o.conversation, o.member_id, o.payload, o.attempts, m.user_id
         FROM outbox o LEFT JOIN members m ON m.id = o.member_id
         WHERE o.platform = ? AND o.status = 'pending' AND o.not_before <= ? ORDER BY o.not_before, o.id LIMIT ?`,
      )
      .all(platform, now, limit) as RawRow[]
  ).map(toOutboxRow);
}

export function markSent(db: Db, id: number, messageId: string, now: number): void {
  db.prepare(
    "UPDATE outbox SET status = 'sent', message_id = ?, sent_at = ?, attempts = attempts + 1 WHERE id = ?",
  ).run(messageId, now, id);
}

export function markFailed(db: Db, id: number, failure: string): void {
  db.prepare("UPDATE outbox SET status = 'failed', failure = ?, attempts = attempts + 1 WHERE id = ?").run(failure, id);
}

export function retryLater(db: Db, id: number, notBefore: number, failure: string): void {
  db.prepare(
    "UPDATE outbox SET status = 'pending', not_before = ?, failure = ?, attempts = attempts + 1 WHERE id = ?",
  ).run(notBefore, failure, id);
}
