import type { ConversationReference } from "botbuilder";
import type { Db } from "../../src/storage/db.js";
import { statement } from "../../src/storage/statements.js";

// Stored conversation references (table conversation_refs): what a proactive message needs to reach a chat.

export function saveReference(
  db: Db,
  reference: Partial<ConversationReference>,
  userId: string | undefined,
  now: number,
) {
  const conversation = reference.conversation?.id;
  if (!conversation) return;
  statement(
    db,
    `INSERT INTO conversation_refs (platform, conversation, user_id, reference, updated_at) VALUES ('teams', ?, ?, ?, ?)
     ON CONFLICT (platform, conversation) DO UPDATE SET
       user_id = coalesce(excluded.user_id, user_id), reference = excluded.reference, updated_at = excluded.updated_at`,
  ).run(conversation, userId ?? null, JSON.stringify(reference), now);
}

/**
 * The reference for a conversation id, or else the latest one of the user (a member's address may hold either).
 * Two lookups, not one with OR: the first is a primary-key hit, where an OR made every proactive send scan the
 * whole table (a 15,000-recipient broadcast spent most of its time here).
 */
export function loadReference(
  db: Db,
  conversation: string,
  userId?: string,
): Partial<ConversationReference> | undefined {
  const row = (statement(
    db,
    "SELECT reference FROM conversation_refs WHERE platform = 'teams' AND conversation = ?",
  ).get(conversation) ??
    statement(
      db,
      "SELECT reference FROM conversation_refs WHERE platform = 'teams' AND user_id = ? ORDER BY updated_at DESC LIMIT 1",
    ).get(userId ?? conversation)) as { reference: string } | undefined;
  return row ? (JSON.parse(row.reference) as Partial<ConversationReference>) : undefined;
}
