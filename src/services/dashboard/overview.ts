import { sessionFills, signupBuckets } from "../../domain/dashboard-sessions.js";
import type { CoreContext } from "../context.js";
import type { Viewer } from "./access.js";
import { dayFinder, runningByDay, toSessionFill } from "./day-counts.js";
import type { Overview } from "./model.js";

/** The leader's id when the viewer sees only the sessions they lead; undefined for an organiser (everything). */
export const leaderScope = (viewer: Pick<Viewer, "memberId" | "scope">): number | undefined =>
  viewer.scope === "leader" ? viewer.memberId : undefined;

/** Every session's fill (a leader's: their own), the totals, and the sign-ups over time: two queries. */
export function overviewFor(ctx: CoreContext, viewer: Pick<Viewer, "memberId" | "scope">): Overview {
  const zone = ctx.config.BOT_TIMEZONE;
  const leader = leaderScope(viewer);
  const dayOf = dayFinder(zone);
  const today = dayFinder(zone)(ctx.clock.now());
  const sessions = sessionFills(ctx.db, leader).map((row) => toSessionFill(row, today, dayOf));
  // Totals of the sessions that take place: a cancelled one's places are no one's.
  const totals = { sessions: 0, capacity: 0, confirmed: 0, waitlisted: 0 };
  for (const session of sessions) {
    if (session.status !== "open") continue;
    totals.sessions++;
    totals.capacity += session.capacity;
    totals.confirmed += session.confirmed;
    totals.waitlisted += session.waitlisted;
  }
  return { sessions, totals, signupsOverTime: runningByDay(signupBuckets(ctx.db, leader), zone, today) };
}
