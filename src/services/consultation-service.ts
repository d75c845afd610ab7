import { sendWindow } from "../config/core-config.js";
import type { Reply } from "../contract.js";
import { audit } from "../domain/audit.js";
import {
  participationCounts,
  type ReactionAuthor,
  startedNotSubmitted,
  submitReaction,
} from "../domain/consultation-reactions.js";
import {
  type Consultation,
  closeConsultation,
  consultationMembers,
  consultationsToClose,
  consultationsToOpen,
  consultationsToRemind,
  markOpened,
  markReminded,
} from "../domain/consultations.js";
import { getMemberById } from "../domain/members.js";
import { organiserIds } from "../domain/organisers.js";
import { enqueue, withdrawPending, withdrawPendingKey } from "../domain/outbox.js";
import { inTransaction } from "../storage/db.js";
import { nextInWindow } from "../time/quiet-hours.js";
import type { Actor, Member } from "../types.js";
import { closedNote } from "../views/consultation-organiser-views.js";
import { type ConsultationView, consultationView, inviteCard, reminderCard } from "../views/consultation-views.js";
import type { CoreContext } from "./context.js";
import { enqueueNudge } from "./delivery/nudges.js";
import { memberAddress, memberLocale } from "./member-reach.js";
import { limitsOf } from "./platform-profiles.js";
import type { PeriodicTask } from "./scheduling/periodic-task.js";
import { sendUnsolicited } from "./stop-hint.js";
import { viewNow } from "./view-now.js";

// Consultation rounds on time: invitations at the opening, one reminder before the close to who started and did
// not submit, the close with a note to the organisers. Everything goes through the outbox; none of it carries an
// anonymous reaction's key (that lives only in the replies a member's own chat shows).

const viewFor = (ctx: CoreContext, member: Member): ConsultationView =>
  consultationView(viewNow(ctx, memberLocale(member, ctx.config)), limitsOf(member.platform));

/** A nudge (quiet hours, the weekly cap), with the stop line the first time; true when it will go out. */
function nudge(
  ctx: CoreContext,
  member: Member,
  draw: (v: ConsultationView) => Reply,
  entry: { dedupeKey: string; kind: string; notBefore: number },
): boolean {
  const view = viewFor(ctx, member);
  return sendUnsolicited(
    ctx.db,
    member.id,
    view.locale,
    draw(view),
    (reply) => enqueueNudge(ctx, { ...entry, to: memberAddress(member), memberId: member.id, reply }) === "queued",
  );
}

/**
 * Who may get a nudge about the round: reachable and not stopped (after `stop` nothing comes; one we cannot reach is
 * skipped, and may still type "reacties").
 */
const mayNudge = (member: Member | undefined): member is Member => member?.reachable === true && !member.optedOut;

/** Opens the round once and invites its audience; returns how many invitations will go out. */
export function openConsultation(ctx: CoreContext, round: Consultation, now: number): number {
  return inTransaction(ctx.db, () => {
    if (!markOpened(ctx.db, round.id)) return 0;
    const notBefore = nextInWindow(Math.max(now, round.opensAt), sendWindow(ctx.config));
    // An invitation the send window would hold until after the close is no invitation.
    if (notBefore >= round.closesAt) return 0;
    let invited = 0;
    for (const member of consultationMembers(ctx.db, round.audience)) {
      if (!mayNudge(member)) continue;
      const sent = nudge(ctx, member, (v) => inviteCard(round, v), {
        dedupeKey: `consultation:${round.id}:invite:${member.id}`,
        kind: "consultation.invite",
        notBefore,
      });
      if (sent) invited++;
    }
    return invited;
  });
}

/** The one reminder, to who started and did not submit; returns how many will go out. */
function remind(ctx: CoreContext, round: Consultation, now: number): number {
  return inTransaction(ctx.db, () => {
    if (!markReminded(ctx.db, round.id, now)) return 0;
    const notBefore = nextInWindow(now, sendWindow(ctx.config));
    if (notBefore >= round.closesAt) return 0;
    let reminded = 0;
    for (const id of startedNotSubmitted(ctx.db, round.id)) {
      const member = getMemberById(ctx.db, id);
      if (!mayNudge(member)) continue;
      const sent = nudge(ctx, member, (v) => reminderCard(round, v), {
        dedupeKey: reminderKey(round.id, member.id),
        kind: "consultation.reminder",
        notBefore,
      });
      if (sent) reminded++;
    }
    return reminded;
  });
}

const reminderKey = (consultationId: number, memberId: number) => `consultation:${consultationId}:reminder:${memberId}`;

/** Submits a member's reaction; a reminder still waiting for the send window would come after the fact, so it goes. */
export function submitConsultationReaction(
  ctx: CoreContext,
  round: Consultation,
  author: ReactionAuthor,
  now: number,
): ReturnType<typeof submitReaction> {
  return inTransaction(ctx.db, () => {
    const outcome = submitReaction(ctx.db, round, author, now);
    if (outcome === "submitted") withdrawPendingKey(ctx.db, reminderKey(round.id, author.memberId));
    return outcome;
  });
}

/**
 * Closes the round once, on time or by an organiser (`actor`): what still waits for it in the outbox (invitations,
 * the reminder) is withdrawn, and the organisers hear the count. The reactions submitted; undefined when it was
 * closed before.
 */
export function closeRound(ctx: CoreContext, round: Consultation, now: number, actor?: Actor): number | undefined {
  return inTransaction(ctx.db, () => {
    if (!closeConsultation(ctx.db, round.id, now)) return undefined;
    if (actor !== undefined) {
      audit(ctx.db, { actor, action: "consultation.close", subject: `consultation:${round.id}` }, now);
    }
    withdrawPending(ctx.db, `consultation:${round.id}:`);
    const { submitted } = participationCounts(ctx.db, round.id);
    const notBefore = nextInWindow(now, sendWindow(ctx.config));
    for (const id of organiserIds(ctx.db, ctx.config.ORGANISERS, now)) {
      const member = getMemberById(ctx.db, id);
      if (!member) continue;
      enqueue(
        ctx.db,
        {
          dedupeKey: `consultation:${round.id}:closed:${member.id}`,
          kind: "consultation.closed",
          to: memberAddress(member),
          memberId: member.id,
          reply: closedNote(round, submitted, viewFor(ctx, member)),
          notBefore,
        },
        now,
      );
    }
    return submitted;
  });
}

/** The periodic work: close what has ended, open what is due, send the reminder that is due. */
export const consultationTask: PeriodicTask = {
  name: "consultations",
  run(ctx: CoreContext, now: number): void {
    for (const round of consultationsToClose(ctx.db, now)) closeRound(ctx, round, now);
    for (const round of consultationsToOpen(ctx.db, now)) openConsultation(ctx, round, now);
    const before = ctx.config.CONSULTATION_REMINDER_HOURS * 3_600_000;
    for (const round of consultationsToRemind(ctx.db, now, before)) remind(ctx, round, now);
  },
};
