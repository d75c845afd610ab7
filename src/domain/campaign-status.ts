import type { StatusCounts } from "../i18n/survey-poll-texts.js";
import type { Db } from "../storage/db.js";
import { memberRegionSql } from "./audience.js";
import type { Recipient } from "./campaigns.js";

// Where a survey campaign stands, for the organiser's `enquête status`: one query over its recipients.

export interface CampaignStatus {
  total: StatusCounts;
  byRegion: { region: string; counts: StatusCounts }[];
}

interface RecipientStatusRow {
  state: Recipient["state"];
  snoozed_until: number | null;
  reachable: number;
  region: string;
  invite_failed: number | null;
  reminders: number;
}

/** Invited, completed, snoozed, opted out, unreachable and reminders sent: in total and by derived region. */
export function campaignStatus(db: Db, campaignId: number, now: number): CampaignStatus {
  const rows = db
    .prepare<[number], RecipientStatusRow>(
      `SELECT r.state, r.snoozed_until, coalesce(m.reachable, 0) AS reachable, ${memberRegionSql} AS region,
         (SELECT status = 'failed' AND failure NOT LIKE 'cancelled:%' FROM outbox
            WHERE dedupe_key = 'survey:' || r.campaign_id || ':invite:' || r.member_id) AS invite_failed,
         (SELECT count(*) FROM outbox WHERE member_id = r.member_id AND status = 'sent'
            AND dedupe_key LIKE 'survey:' || r.campaign_id || ':reminder:%') AS reminders
       FROM survey_recipients r LEFT JOIN member_reach m ON m.id = r.member_id WHERE r.campaign_id = ?`,
    )
    .all(campaignId);
  const empty = (): StatusCounts => ({
    invited: 0,
    completed: 0,
    snoozed: 0,
    optedOut: 0,
    unreachable: 0,
    remindersSent: 0,
  });
  const total = empty();
  const regions = new Map<string, StatusCounts>();
  for (const row of rows) {
    const region = regions.get(row.region) ?? empty();
    regions.set(row.region, region);
    for (const counts of [total, region]) {
      counts.invited++;
      if (row.state === "completed") counts.completed++;
      if (row.state === "opted_out") counts.optedOut++;
      if (row.state === "invited" && row.snoozed_until !== null && row.snoozed_until > now) counts.snoozed++;
      if (row.reachable === 0 || row.invite_failed === 1) counts.unreachable++;
      counts.remindersSent += row.reminders;
    }
  }
  const byRegion = [...regions.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([region, counts]) => ({ region, counts }));
  return { total, byRegion };
}
