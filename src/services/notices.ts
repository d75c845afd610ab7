import { sessionInvite } from "../domain/calendar.js";
import { getMemberById } from "../domain/members.js";
import { enqueue } from "../domain/outbox.js";
import type { SessionWithCounts } from "../types.js";
import { viewContext } from "../views/view-context.js";
import { promotedNotice, sessionCancelledNotice } from "../views/views.js";
import type { CoreContext } from "./context.js";
import { memberAddress, memberLocale } from "./member-reach.js";

// Notices the bot sends on its own initiative after a change: written to the outbox in the caller's transaction.

export function noticePromoted(ctx: CoreContext, memberId: number, session: SessionWithCounts): void {
  const member = getMemberById(ctx.db, memberId);
  if (!member) return;
  const now = ctx.clock.now();
  const view = viewContext(memberLocale(member, ctx.config), ctx.config.BOT_TIMEZONE, ctx.clock.now());
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
}

export function noticeSessionCancelled(ctx: CoreContext, memberId: number, session: SessionWithCounts): void {
  const member = getMemberById(ctx.db, memberId);
  if (!member) return;
  const now = ctx.clock.now();
  const view = viewContext(memberLocale(member, ctx.config), ctx.config.BOT_TIMEZONE, ctx.clock.now());
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
