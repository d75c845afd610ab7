import { sendWindow } from "../config/core-config.js";
import { audienceMembers } from "../domain/audience.js";
import { audit } from "../domain/audit.js";
import { getMemberById } from "../domain/members.js";
import { organiserIds } from "../domain/organisers.js";
import { enqueue } from "../domain/outbox.js";
import {
  closeRound,
  endPoll,
  getPoll,
  getRound,
  lastRound,
  listPolls,
  openRound,
  type Poll,
  type Round,
  roundResults,
  roundsOf,
  roundsToClose,
} from "../domain/polls.js";
import { inTransaction } from "../storage/db.js";
import { nextInWindow } from "../time/quiet-hours.js";
import { occurrences } from "../time/schedule.js";
import type { Actor } from "../types.js";
import { pollCard, resultsReply } from "../views/poll-views.js";
import { viewContext } from "../views/view-context.js";
import type { CoreContext } from "./context.js";
import { memberAddress, memberLocale } from "./member-reach.js";
import type { PeriodicTask } from "./scheduling/periodic-task.js";
import { sendUnsolicited } from "./stop-hint.js";
import { viewNow } from "./view-now.js";

// Opening poll rounds on time (once, or at every schedule moment), and closing them with results.

/** The moment a new round is due at `now`, if any: the latest one not yet opened (missed older ones are skipped). */
export function dueOpening(ctx: CoreContext, poll: Poll, now: number): number | undefined {
  const last = lastRound(ctx.db, poll.id);
  if (!poll.scheduleCron) return !last && now >= poll.startsAt ? poll.startsAt : undefined;
  const after = last?.opensAt ?? poll.startsAt - 1;
  const until = Math.min(now, poll.until ?? now);
  return occurrences(poll.scheduleCron, ctx.config.BOT_TIMEZONE, after, until).at(-1);
}

/** Opens the round and sends the card to the reachable audience inside the window. */
export function startRound(ctx: CoreContext, poll: Poll, opensAt: number, now: number): Round | undefined {
  return inTransaction(ctx.db, () => {
    const round = openRound(ctx.db, poll, opensAt);
    if (!round) return undefined;
    const notBefore = nextInWindow(Math.max(now, opensAt), sendWindow(ctx.config));
    if (notBefore >= round.closesAt) return round;
    for (const { id, reachable } of audienceMembers(ctx.db, poll.audience)) {
      const member = reachable ? getMemberById(ctx.db, id) : undefined;
      if (!member || member.optedOut) continue;
      const locale = memberLocale(member, ctx.config);
      const card = pollCard(poll, round, viewNow(ctx, locale));
      sendUnsolicited(ctx.db, member.id, locale, card, (reply) =>
        enqueue(
          ctx.db,
          {
            dedupeKey: `poll:${poll.id}:${opensAt}:${member.id}`,
            kind: "poll.card",
            to: memberAddress(member),
            memberId: member.id,
            reply,
            notBefore,
          },
          now,
        ),
      );
    }
    return round;
  });
}

/** Closes a round once and posts the results: to organisers with breakdowns, to the audience if chosen. */
function finishRound(ctx: CoreContext, poll: Poll, round: Round, now: number): boolean {
  return inTransaction(ctx.db, () => {
    if (!closeRound(ctx.db, round.id, now)) return false;
    const closed = getRound(ctx.db, round.id) ?? round;
    const results = roundResults(ctx.db, poll, round.id);
    const notBefore = nextInWindow(now, sendWindow(ctx.config));
    const zone = ctx.config.BOT_TIMEZONE;
    const organisers = organiserIds(ctx.db, ctx.config.ORGANISERS, now);
    for (const id of organisers) {
      const member = getMemberById(ctx.db, id);
      if (!member) continue;
      const view = viewContext(memberLocale(member, ctx.config), zone, ctx.clock.now());
      enqueue(
        ctx.db,
        {
          dedupeKey: `poll:${poll.id}:${round.opensAt}:results:organiser:${member.id}`,
          kind: "poll.results",
          to: memberAddress(member),
          memberId: member.id,
          reply: resultsReply(poll, closed, results, view, true),
          notBefore,
        },
        now,
      );
    }
    if (poll.shareResults) {
      for (const { id, reachable } of audienceMembers(ctx.db, poll.audience)) {
        const member = reachable ? getMemberById(ctx.db, id) : undefined;
        if (member?.optedOut) continue;
        if (!member || organisers.includes(member.id)) continue;
        enqueue(
          ctx.db,
          {
            dedupeKey: `poll:${poll.id}:${round.opensAt}:results:${member.id}`,
            kind: "poll.results",
            to: memberAddress(member),
            memberId: member.id,
            reply: resultsReply(
              poll,
              closed,
              results,
              viewContext(memberLocale(member, ctx.config), zone, ctx.clock.now()),
              false,
            ),
            notBefore,
          },
          now,
        );
      }
    }
    return true;
  });
}

/** An organiser ends a poll: open rounds close now (with results), no new rounds open. */
export function endPollNow(ctx: CoreContext, poll: Poll, now: number, actor: Actor): void {
  for (const round of roundsOf(ctx.db, poll.id)) if (round.status === "open") finishRound(ctx, poll, round, now);
  endPoll(ctx.db, poll.id);
  audit(ctx.db, { actor, action: "poll.close", subject: `poll:${poll.id}` }, now);
}

/** The periodic work: close what is due (with results), open due rounds, end polls with nothing left to do. */
export const pollTask: PeriodicTask = {
  name: "polls",
  run(ctx: CoreContext, now: number): void {
    for (const round of roundsToClose(ctx.db, now)) {
      const poll = getPoll(ctx.db, round.pollId);
      if (poll) finishRound(ctx, poll, round, now);
    }
    for (const poll of listPolls(ctx.db, true)) {
      const opening = dueOpening(ctx, poll, now);
      if (opening !== undefined) startRound(ctx, poll, opening, now);
      const rounds = roundsOf(ctx.db, poll.id);
      const over = poll.scheduleCron ? poll.until !== null && now >= poll.until : rounds.length > 0;
      if (over && rounds.every((r) => r.status === "closed")) endPoll(ctx.db, poll.id);
    }
  },
};
