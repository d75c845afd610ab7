import type { Address } from "../contract.js";
import { sessionInvite } from "../domain/calendar.js";
import { getMemberById } from "../domain/members.js";
import { enqueue } from "../domain/outbox.js";
import { takeWaitlistCard } from "../domain/signups.js";
import type { SessionWithCounts } from "../types.js";
import { promotedCard, promotedNotice, sessionCancelledNotice } from "../views/views.js";
import type { CoreContext } from "./context.js";
import { memberAddress, memberLocale } from "./member-reach.js";
import { viewNow } from "./view-now.js";

// Notices the bot sends on its own initiative after a change: written to the outbox in the caller's transaction.

export function noticePromoted(ctx: CoreContext, memberId: number, session: SessionWithCounts): void {
  const member = getMemberById(ctx.db, memberId);
  if (!member) return;
  const now = ctx.clock.now();
  const view = viewNow(ctx, memberLocale(member, ctx.config));
  const invite = sessionInvite(session, { zone: ctx.config.BOT_TIMEZONE, now });
  enqueue(
    ctx.db,
    {
      dedupeKey: `promoted:${session.id}:${member.id}:${now}`,
      kind: "waitlist.promoted",
      to: memberAddress(member),
      memberId: member.id,
      reply: promotedNotice(session, view, invite),
      notBefore: now,
    },
    now,
  );
  // The earlier "Wachtlijst, plaats 1" card says what is true now, where it was shown. No member on the row:
  // a card that cannot be updated any more is nobody's failure.
  const card = parseCard(takeWaitlistCard(ctx.db, session.id, member.id));
  if (!card) return;
  enqueue(
    ctx.db,
    {
      dedupeKey: `promoted-card:${session.id}:${member.id}:${now}`,
      kind: "waitlist.promoted.card",
      to: card.to,
      reply: promotedCard(session, view),
      notBefore: now,
      updateOf: card.messageId,
    },
    now,
  );
}

/** Where a card is: the conversation (as the click came from it) and the message id `Adapter.update` takes. */
export function waitlistCard(from: Address, messageId: string): string {
  const { platform, conversation, workspace } = from;
  return JSON.stringify({ platform, conversation, ...(workspace ? { workspace } : {}), messageId });
}

function parseCard(text: string | undefined): { to: Address; messageId: string } | undefined {
  if (!text) return undefined;
  try {
    const card = JSON.parse(text) as Address & { messageId?: unknown };
    if (typeof card.messageId !== "string" || typeof card.platform !== "string") return undefined;
    const to: Address = { platform: card.platform, conversation: String(card.conversation) };
    if (typeof card.workspace === "string") to.workspace = card.workspace;
    return { to, messageId: card.messageId };
  } catch {
    return undefined;
  }
}

export function noticeSessionCancelled(ctx: CoreContext, memberId: number, session: SessionWithCounts): void {
  const member = getMemberById(ctx.db, memberId);
  if (!member) return;
  const now = ctx.clock.now();
  const view = viewNow(ctx, memberLocale(member, ctx.config));
  const invite = sessionInvite(session, { zone: ctx.config.BOT_TIMEZONE, now, cancelled: true });
  enqueue(
    ctx.db,
    {
      dedupeKey: `session-cancelled:${session.id}:${member.id}`,
      kind: "session.cancelled",
      to: memberAddress(member),
      memberId: member.id,
      reply: sessionCancelledNotice(session, view, invite),
      notBefore: now,
    },
    now,
  );
}
