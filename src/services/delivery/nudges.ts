import { DateTime } from "luxon";
import { sendWindow } from "../../config/core-config.js";
import { enqueueReturningId, type OutboxEntry } from "../../domain/outbox.js";
import { failUnsent, nudgesPlanned } from "../../domain/outbox-nudges.js";
import { nextInWindow } from "../../time/quiet-hours.js";
import type { CoreContext } from "../context.js";

export type NudgeResult = "queued" | "duplicate" | "capped";

/** Nudges of the member planned in the same week (Monday–Sunday in the bot's zone) as `at`, capped ones excluded. */
function nudgesInWeek(ctx: CoreContext, memberId: number, at: number): number {
  const [weekStart, weekEnd] = weekOf(at, ctx.config.BOT_TIMEZONE);
  return nudgesPlanned(ctx.db, memberId, weekStart, weekEnd);
}

// A broadcast asks the same two questions once per recipient: remember the last answers (time zone math is slow).
let lastWeek = { key: "", bounds: [0, 0] as [number, number] };
let lastWindow = { key: "", at: 0 };

function weekOf(at: number, zone: string): [number, number] {
  const key = `${at}|${zone}`;
  if (lastWeek.key !== key) {
    const week = DateTime.fromMillis(at, { zone }).startOf("week");
    lastWeek = { key, bounds: [week.toMillis(), week.plus({ weeks: 1 }).toMillis()] };
  }
  return lastWeek.bounds;
}

function windowMoment(ctx: CoreContext, at: number): number {
  const { BOT_TIMEZONE, SEND_DAYS, SEND_HOURS } = ctx.config;
  const key = `${at}|${BOT_TIMEZONE}|${SEND_DAYS}|${SEND_HOURS}`;
  if (lastWindow.key !== key) lastWindow = { key, at: nextInWindow(at, sendWindow(ctx.config)) };
  return lastWindow.at;
}

/**
 * Queues a nudge (reminder, poll, non-urgent broadcast): it waits for the send window (weekdays and hours,
 * no Dutch public holidays), and beyond the weekly cap per member it is recorded as failed ("capped") instead of
 * sent, so the delivery report shows it. Urgent messages go at once and do not count.
 */
export function enqueueNudge(
  ctx: CoreContext,
  entry: Omit<OutboxEntry, "nudge">,
  options: { urgent?: boolean } = {},
): NudgeResult {
  const now = ctx.clock.now();
  if (options.urgent) {
    return enqueueReturningId(ctx.db, { ...entry, nudge: false }, now) === undefined ? "duplicate" : "queued";
  }
  const notBefore = windowMoment(ctx, Math.max(now, entry.notBefore));
  const capped =
    entry.memberId !== undefined && nudgesInWeek(ctx, entry.memberId, notBefore) >= ctx.config.NUDGES_PER_WEEK;
  const id = enqueueReturningId(ctx.db, { ...entry, notBefore, nudge: true }, now);
  if (id === undefined) return "duplicate";
  if (!capped) return "queued";
  failUnsent(ctx.db, id, `capped: more than ${ctx.config.NUDGES_PER_WEEK} nudges this week`);
  return "capped";
}
