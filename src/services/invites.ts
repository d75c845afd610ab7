import type { Attachment, InviteRef } from "../contract.js";
import { sessionInvite } from "../domain/calendar.js";
import { getSession } from "../domain/sessions.js";
import type { CoreContext } from "./context.js";

/**
 * The calendar invite a reference stands for, as the session is now (an adapter serving a link made earlier):
 * a later revision replaces the event in the member's calendar, and a session cancelled since is sent as
 * cancelled. Undefined when the session no longer exists.
 */
export function currentInvite(ctx: CoreContext, ref: InviteRef): Attachment | undefined {
  const session = getSession(ctx.db, ref.sessionId);
  if (!session) return undefined;
  return sessionInvite(session, {
    zone: ctx.config.BOT_TIMEZONE,
    now: ctx.clock.now(),
    cancelled: ref.cancelled || session.status === "cancelled",
  });
}
