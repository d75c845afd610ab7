import type { Action, Block } from "../contract.js";
import type { MemberSignup } from "../domain/signups.js";
import { formatRange } from "../i18n/dates.js";
import type { SessionWithCounts } from "../types.js";
import { ActionIds } from "./action-ids.js";
import type { ViewContext } from "./view-context.js";

// A session as the member sees it everywhere: its time, title, facts and buttons, in cards and one-line lists.

export const when = (session: SessionWithCounts, ctx: ViewContext) =>
  formatRange(session.startsAt, session.endsAt, ctx.zone, ctx.locale, ctx.year);

export function titleOf(session: SessionWithCounts, ctx: ViewContext): string {
  return session.isExample ? `${session.title} (${ctx.t.example})` : session.title;
}

function places(session: SessionWithCounts, ctx: ViewContext): string {
  if (session.status === "cancelled") return ctx.t.sessionCancelledLabel;
  return session.placesLeft > 0
    ? ctx.t.placesLeft(session.placesLeft, session.capacity)
    : ctx.t.full(session.waitlisted);
}

export function statusText(signup: Pick<MemberSignup, "status" | "position">, ctx: ViewContext): string {
  return signup.status === "confirmed" ? ctx.t.statusConfirmed : ctx.t.statusWaitlisted(signup.position ?? 0);
}

function sessionActions(
  session: SessionWithCounts,
  ctx: ViewContext,
  mine?: MemberSignup["status"],
  details = true,
): Action[] {
  const actions: Action[] = [];
  if (mine) actions.push({ id: ActionIds.cancel, label: ctx.t.buttonCancel, value: session.id, style: "danger" });
  else if (session.status === "open") {
    const label = session.placesLeft > 0 ? ctx.t.buttonSignUp : ctx.t.buttonWaitlist;
    actions.push({ id: ActionIds.signUp, label, value: session.id, style: "primary" });
  }
  if (details) actions.push({ id: ActionIds.sessionDetails, label: ctx.t.buttonDetails, value: session.id });
  return actions;
}

/** A session as a card section: title, the facts, and what the member can do. */
export function sessionBlocks(
  session: SessionWithCounts,
  ctx: ViewContext,
  signup?: Pick<MemberSignup, "status" | "position">,
  /** heading: false when the reply's title already names the session (its card heading). */
  options: { details?: boolean; full?: boolean; heading?: boolean } = {},
): Block[] {
  const fields = [
    { label: ctx.t.labelWhen, value: when(session, ctx) },
    { label: ctx.t.labelWhere, value: `${session.venue}, ${session.city}` },
    { label: ctx.t.labelLeader, value: session.leaderName },
    { label: ctx.t.labelPlaces, value: places(session, ctx) },
  ];
  if (options.full) {
    if (session.address)
      fields[1] = { label: ctx.t.labelWhere, value: `${session.venue}, ${session.address}, ${session.city}` };
    const audience = ctx.t.audience[session.audience];
    fields.push({ label: ctx.t.labelFor, value: audience.charAt(0).toUpperCase() + audience.slice(1) });
    if (session.notes) fields.push({ label: ctx.t.labelNotes, value: session.notes });
  }
  if (signup) fields.push({ label: ctx.t.labelStatus, value: statusText(signup, ctx) });
  const actions = sessionActions(session, ctx, signup?.status, options.details ?? true);
  return [
    ...(options.heading === false ? [] : [{ kind: "text", text: `**${titleOf(session, ctx)}**` } satisfies Block]),
    { kind: "fields", fields },
    ...(actions.length ? [{ kind: "actions", actions } satisfies Block] : []),
  ];
}

export function sessionLine(session: SessionWithCounts, ctx: ViewContext): string {
  return `${titleOf(session, ctx)}: ${when(session, ctx)}, ${session.city}, ${places(session, ctx)}`;
}
