import { type RedeemOutcome, redeemLinkCode } from "../domain/link-codes.js";
import type { MergeOutcome } from "../domain/member-merge.js";
import { getSession } from "../domain/sessions.js";
import type { CoreContext } from "./context.js";
import { noticePromoted } from "./notices.js";

// Linking as a use case: the domain joins the two members; whoever a freed place went to is told, as after any
// cancel (signed up twice for the same session, the person now holds one place, and the waitlist moves up).

function tellPromoted(ctx: CoreContext, merge: MergeOutcome): void {
  for (const { sessionId, memberIds } of merge.promoted) {
    const session = getSession(ctx.db, sessionId);
    if (session) for (const id of memberIds) noticePromoted(ctx, id, session);
  }
}

/** `koppel 123456` typed on an identity: joined when the code holds, and the waitlists moved up told. */
export function linkWithCode(ctx: CoreContext, typingIdentityId: number, code: string): RedeemOutcome {
  const outcome = redeemLinkCode(ctx.db, typingIdentityId, code, ctx.clock.now());
  if (outcome.kind === "linked") tellPromoted(ctx, outcome.merge);
  return outcome;
}
