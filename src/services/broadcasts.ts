import { audienceMembers } from "../domain/audience.js";
import { audit } from "../domain/audit.js";
import { type BroadcastDraft, discardDraft, insertDraft, requeueFailed } from "../domain/broadcasts.js";
import type { Db } from "../storage/db.js";
import type { Actor, Member } from "../types.js";
import type { CoreContext } from "./context.js";

// Organiser broadcasts: a draft, then one outbox row per recipient (broadcast-queue.ts), then a delivery report.

type Addressed = Pick<BroadcastDraft, "audience" | "urgent">;

/** `stop` ends broadcasts, except an urgent one to those signed up or waiting for a session: about their sign-up. */
function aboutTheirSignup({ audience, urgent }: Addressed): boolean {
  return urgent && (audience.kind === "session" || audience.kind === "waitlist");
}

/**
 * Who gets a broadcast: the audience's reachable members, less those who said `stop` (counted, for the delivery
 * report). A channel has no members: it is one message. The preview and the queue both ask here, so they agree.
 */
export function broadcastRecipients(db: Db, broadcast: Addressed): { members: Member[]; optedOut: number } {
  const reachable = audienceMembers(db, broadcast.audience).filter((member) => member.reachable);
  if (aboutTheirSignup(broadcast)) return { members: reachable, optedOut: 0 };
  const members = reachable.filter((member) => !member.optedOut);
  return { members, optedOut: reachable.length - members.length };
}

export function recipientCount(db: Db, broadcast: Addressed): number {
  return broadcast.audience.kind === "channel" ? 1 : broadcastRecipients(db, broadcast).members.length;
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
