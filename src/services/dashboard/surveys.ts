import type { TimeBucket } from "../../domain/dashboard-sessions.js";
import { campaignCounts, completionBuckets } from "../../domain/dashboard-surveys.js";
import type { CoreContext } from "../context.js";
import { dayFinder, runningByDay } from "./day-counts.js";
import type { CampaignProgress, Surveys } from "./model.js";

/** Every campaign, newest first: its counts and completions over time, in two queries. */
export function surveysFor(ctx: CoreContext): Surveys {
  const zone = ctx.config.BOT_TIMEZONE;
  const buckets = new Map<number, TimeBucket[]>();
  for (const { campaign_id, at, n } of completionBuckets(ctx.db)) {
    const own = buckets.get(campaign_id) ?? [];
    own.push({ at, n });
    buckets.set(campaign_id, own);
  }
  const dayOf = dayFinder(zone);
  const today = dayOf(ctx.clock.now());
  return {
    campaigns: campaignCounts(ctx.db).map(
      (row): CampaignProgress => ({
        id: row.id,
        title: row.title,
        status: row.status,
        opensAt: row.opens_at,
        closesAt: row.closes_at,
        invited: row.invited,
        completed: row.completed,
        optedOut: row.opted_out,
        remindersSent: row.reminders_sent,
        // An open campaign's line runs to today; a closed one's ends at its last completion.
        responseOverTime: runningByDay(buckets.get(row.id) ?? [], zone, row.status === "open" ? today : undefined),
      }),
    ),
  };
}
