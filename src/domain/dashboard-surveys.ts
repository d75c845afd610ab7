import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import type { Campaign } from "./campaigns.js";
import { bucketMs, type TimeBucket } from "./dashboard-sessions.js";

// The dashboard's survey figures: every campaign's counts in one grouped pass over the recipients (or the totals
// kept once retention removed a closed campaign's recipients), and completions by time from their partial index.

export interface CampaignCountRow {
  id: number;
  title: string;
  status: Campaign["status"];
  opens_at: number;
  closes_at: number;
  invited: number;
  completed: number;
  opted_out: number;
  /** Reminders the bot sent out (counted per recipient as each one is queued). */
  reminders_sent: number;
}

export interface CompletionBucket extends TimeBucket {
  campaign_id: number;
}

export const campaignCountsSql = `SELECT c.id, c.title, c.status, c.opens_at, c.closes_at,
    coalesce(r.invited, t.invited, 0) AS invited, coalesce(r.completed, t.completed, 0) AS completed,
    coalesce(r.opted_out, t.opted_out, 0) AS opted_out, coalesce(r.reminders_sent, 0) AS reminders_sent
  FROM survey_campaigns c
  LEFT JOIN (SELECT campaign_id, count(*) AS invited, sum(state = 'completed') AS completed,
      sum(state = 'opted_out') AS opted_out, sum(reminders_sent) AS reminders_sent
    FROM survey_recipients GROUP BY campaign_id) r ON r.campaign_id = c.id
  LEFT JOIN campaign_totals t ON t.campaign_id = c.id
  ORDER BY c.opens_at DESC, c.id DESC`;

/** Every campaign, newest first, with its recipients counted. */
export function campaignCounts(db: Db): CampaignCountRow[] {
  return statement<[], CampaignCountRow>(db, campaignCountsSql).all();
}

export const completionBucketsSql = `SELECT campaign_id, completed_at / ${bucketMs} * ${bucketMs} AS at, count(*) AS n
  FROM survey_recipients WHERE completed_at IS NOT NULL GROUP BY campaign_id, 2 ORDER BY campaign_id, 2`;

/** Completions per campaign by when they came, in quarter-hour buckets, oldest first. */
export function completionBuckets(db: Db): CompletionBucket[] {
  return statement<[], CompletionBucket>(db, completionBucketsSql).all();
}
