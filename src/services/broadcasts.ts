import { type Audience, audienceMembers } from "../domain/audience.js";
import { audit } from "../domain/audit.js";
import { type BroadcastDraft, discardDraft, insertDraft, requeueFailed } from "../domain/broadcasts.js";
import type { Db } from "../storage/db.js";
import type { Actor, Member } from "../types.js";
import type { CoreContext } from "./context.js";

// Organiser broadcasts: a draft, then one outbox row per recipient (broadcast-queue.ts), then a delivery report.

/** Who gets a broadcast: the audience's reachable members (a channel has none: it is one message). */
export function broadcastRecipients(db: Db, audience: Audience): Member[] {
  return audienceMembers(db, audience).filter((member) => member.reachable);
}

export function recipientCount(db: Db, audience: Audience): number {
  return audience.kind === "channel" ? 1 : broadcastRecipients(db, audience).length;
}

export function createDraft(ctx: CoreContext, draft: BroadcastDraft): number {
  const now = ctx.clock.now();
  const id = insertDraft(ctx.db, draft, now);
  audit(
    ctx.db,
    { actor: draft.createdBy, action: "broadcast.draft", subject: `broadcast:${id}`, detail: draft.audience.kind },
    now,
  );
  return id;
}

export function discardBroadcast(ctx: CoreContext, id: number, actor: Actor): boolean {
  const changed = discardDraft(ctx.db, id);
  if (changed) audit(ctx.db, { actor, action: "broadcast.discard", subject: `broadcast:${id}` }, ctx.clock.now());
  return changed;
}

/** Puts the failed messages of a broadcast back in the queue, as new. Returns how many. */
export function resendFailed(ctx: CoreContext, id: number, actor: Actor): number {
  const now = ctx.clock.now();
  const count = requeueFailed(ctx.db, id, now);
  audit(ctx.db, { actor, action: "broadcast.resend", subject: `broadcast:${id}`, detail: `${count} messages` }, now);
  return count;
}
