import type { Platform, Reply } from "../contract.js";
import { findMember } from "../domain/members.js";
import { enqueue } from "../domain/outbox.js";
import type { CoreContext } from "./context.js";
import { memberAddress } from "./member-reach.js";

// A reply to a member's own action that the platform did not take (an outage, a rate limit, a timeout), after the
// adapter's short retries: written to the durable outbox for the member's direct conversation, so it arrives once
// the platform is back. The key (the inbound event and the reply's place in it) makes a second attempt a no-op.

export interface UndeliveredReply {
  platform: Platform;
  user: string;
  /** The inbound event id and the reply's index: the same reply is queued once, ever. */
  key: string;
  reply: Reply;
  /** Not before this many ms from now (a rate limit's Retry-After); 0 for at once. */
  afterMs?: number;
  /** The request's workspace: the row's outbox lane when the member is not known there yet. */
  workspace?: string;
}

/** Queues the reply; false when it was queued before. */
export function queueUndeliveredReply(ctx: CoreContext, undelivered: UndeliveredReply): boolean {
  const { platform, user, key, reply } = undelivered;
  // Lost rather than stored: the member clicks again on the card they still have, or starts over.
  if (reply.confidential) return false;
  const now = ctx.clock.now();
  const member = findMember(ctx.db, platform, user);
  const workspace = member?.workspace || undelivered.workspace;
  const to = {
    ...(member ? memberAddress(member) : { platform, conversation: user, user }),
    ...(workspace ? { workspace } : {}),
  };
  // It goes out as a new message: there is no card to replace in the direct conversation.
  const { replaceSource: _replaced, ...message } = reply;
  return enqueue(
    ctx.db,
    {
      dedupeKey: `reply:${platform}:${key}`,
      kind: "reply",
      to,
      ...(member ? { memberId: member.id } : {}),
      reply: message,
      notBefore: now + Math.max(0, undelivered.afterMs ?? 0),
    },
    now,
  );
}
