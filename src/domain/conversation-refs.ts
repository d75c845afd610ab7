import type { Platform } from "../contract.js";
import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";

// Stored conversation references (table conversation_refs): what a platform needs to reach a chat proactively.
// The reference itself is the adapter's JSON; this module only stores and finds it.

interface ReferenceRow {
  reference: string;
}

export interface StoredReference {
  platform: Platform;
  conversation: string;
  userId: string | undefined;
  /** The adapter's reference, serialised. */
  reference: string;
  /** The Slack team/enterprise or Teams tenant the conversation is in ('' when unknown). */
  workspace?: string;
}

interface StoredRow {
  reference: string;
  user_id: string | null;
  workspace: string;
  updated_at: number;
}

/** How stale `updated_at` may be before an unchanged reference is written again (it orders a user's references). */
const refreshAfterMs = 3_600_000;

/** Saving would change nothing but a recent `updated_at`: the same reference, member and workspace. */
function unchanged(stored: StoredRow, ref: StoredReference, now: number): boolean {
  return (
    stored.reference === ref.reference &&
    (ref.userId === undefined || stored.user_id === ref.userId) &&
    (!ref.workspace || stored.workspace === ref.workspace) &&
    now - stored.updated_at < refreshAfterMs
  );
}

/**
 * Stores a reference; `overwrite` false only adds one, never re-points a stored conversation. A save that would
 * change nothing is not written: every message saves its reference, and a write waits for the write lock, which
 * the core's thread holds for each turn (adapters/core-thread).
 */
export function saveConversationRef(db: Db, ref: StoredReference, now: number, overwrite: boolean): void {
  const stored = statement<[Platform, string], StoredRow>(
    db,
    "SELECT reference, user_id, workspace, updated_at FROM conversation_refs WHERE platform = ? AND conversation = ?",
  ).get(ref.platform, ref.conversation);
  if (stored && (!overwrite || unchanged(stored, ref, now))) return;
  const onConflict = overwrite
    ? `DO UPDATE SET user_id = coalesce(excluded.user_id, user_id), reference = excluded.reference,
           workspace = coalesce(nullif(excluded.workspace, ''), workspace), updated_at = excluded.updated_at`
    : "DO NOTHING";
  statement<[Platform, string, string | null, string, string, number]>(
    db,
    `INSERT INTO conversation_refs (platform, conversation, user_id, reference, workspace, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (platform, conversation) ${onConflict}`,
  ).run(ref.platform, ref.conversation, ref.userId ?? null, ref.reference, ref.workspace ?? "", now);
}

/**
 * The reference for a conversation id, or else the latest one of the user (a member's address may hold either).
 * Two lookups, not one with OR: the first is a primary-key hit, where an OR made every proactive send scan the
 * whole table (a 15,000-recipient broadcast spent most of its time here).
 */
export function findConversationRef(
  db: Db,
  platform: Platform,
  conversation: string,
  userId: string,
): string | undefined {
  const row =
    statement<[Platform, string], ReferenceRow>(
      db,
      "SELECT reference FROM conversation_refs WHERE platform = ? AND conversation = ?",
    ).get(platform, conversation) ??
    statement<[Platform, string], ReferenceRow>(
      db,
      "SELECT reference FROM conversation_refs WHERE platform = ? AND user_id = ? ORDER BY updated_at DESC LIMIT 1",
    ).get(platform, userId);
  return row?.reference;
}

/**
 * The latest reference of any conversation in a workspace (a Teams tenant): where a first contact is opened,
 * since a platform's service URL is per tenant, not per member. An index hit (platform, workspace, updated_at).
 */
export function latestRefInWorkspace(db: Db, platform: Platform, workspace: string): string | undefined {
  return statement<[Platform, string], ReferenceRow>(
    db,
    "SELECT reference FROM conversation_refs WHERE platform = ? AND workspace = ? ORDER BY updated_at DESC LIMIT 1",
  ).get(platform, workspace)?.reference;
}
