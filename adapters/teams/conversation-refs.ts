import type { ConversationReference } from "botbuilder";
import { findConversationRef, saveConversationRef } from "../../src/domain/conversation-refs.js";
import type { Db } from "../../src/storage/db.js";

// Stored conversation references (table conversation_refs): what a proactive message needs to reach a chat.

/**
 * Only what continueConversationAsync and sendActivity use: the channel, the service URL, the conversation (id,
 * type, tenant) and the bot's and (in a personal chat) the member's id. getConversationReference copies `from`,
 * `recipient` and `conversation` whole, with display names and the member's AAD object id: none of that is kept.
 * The activity id and locale are left out too: a proactive send answers botbuilder's own continuation event and
 * takes the member's language from their profile. Migration 008 applies the same rule to older rows.
 */
export function slimReference(reference: Partial<ConversationReference>): Partial<ConversationReference> {
  const conversation = reference.conversation;
  const personal = conversation?.conversationType === "personal";
  const slim: Record<string, unknown> = {
    channelId: reference.channelId,
    serviceUrl: reference.serviceUrl,
    conversation: conversation && {
      id: conversation.id,
      conversationType: conversation.conversationType,
      tenantId: conversation.tenantId,
      isGroup: conversation.isGroup,
    },
    bot: reference.bot?.id ? { id: reference.bot.id } : undefined,
    // In a channel the sender is whoever happened to install or speak: a channel send names no member.
    user: personal && reference.user?.id ? { id: reference.user.id } : undefined,
  };
  // JSON.stringify drops the undefined members, as the migration's json_patch drops nulls.
  return JSON.parse(JSON.stringify(slim)) as Partial<ConversationReference>;
}

export interface SaveOptions {
  /** False for an unauthenticated activity: it may add a reference, never re-point a stored one. */
  overwrite?: boolean;
}

export function saveReference(
  db: Db,
  reference: Partial<ConversationReference>,
  userId: string | undefined,
  now: number,
  options: SaveOptions = {},
) {
  const conversation = reference.conversation?.id;
  if (!conversation) return;
  saveConversationRef(
    db,
    {
      platform: "teams",
      conversation,
      userId,
      reference: JSON.stringify(slimReference(reference)),
      workspace: reference.conversation?.tenantId ?? "",
    },
    now,
    options.overwrite !== false,
  );
}

/** The reference for a conversation id, or else the latest one of the user (a member's address may hold either). */
export function loadReference(
  db: Db,
  conversation: string,
  userId?: string,
): Partial<ConversationReference> | undefined {
  const stored = findConversationRef(db, "teams", conversation, userId ?? conversation);
  return stored ? (JSON.parse(stored) as Partial<ConversationReference>) : undefined;
}
