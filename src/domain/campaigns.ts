import { randomBytes } from "node:crypto";
import { type Db, inTransaction } from "../storage/db.js";
import { type Actor, memberIdOfActor } from "../types.js";
import { audienceFromKey, audienceKey } from "./audience.js";
import type { SurveyDraft } from "./survey-input.js";

// Survey campaigns and their recipients: who was invited, completed, snoozed or opted out.

export interface Campaign extends SurveyDraft {
  id: number;
  status: "scheduled" | "open" | "closed";
  /** The member who opened it; null when the CLI did, or they were erased. */
  createdBy: number | null;
}

interface CampaignRow {
  id: number;
  title: string;
  url: string;
  opens_at: number;
  closes_at: number;
  audience: string;
  reminder_cron: string | null;
  max_reminders: number;
  personal_links: number;
  status: Campaign["status"];
  created_by: number | null;
}

const toCampaign = (row: CampaignRow): Campaign => ({
  id: row.id,
  title: row.title,
  url: row.url,
  opensAt: row.opens_at,
  closesAt: row.closes_at,
  audience: audienceFromKey(row.audience),
  reminderCron: row.reminder_cron,
  maxReminders: row.max_reminders,
  personalLinks: row.personal_links === 1,
  status: row.status,
  createdBy: row.created_by,
});

export function createCampaign(db: Db, draft: SurveyDraft, createdBy: Actor, now: number): Campaign {
  const id = db
    .prepare(
      `INSERT INTO survey_campaigns (title, url, opens_at, closes_at, audience, reminder_cron, max_reminders,
         personal_links, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      draft.title,
      draft.url,
      draft.opensAt,
      draft.closesAt,
      audienceKey(draft.audience),
      draft.reminderCron,
      draft.maxReminders,
      draft.personalLinks ? 1 : 0,
      memberIdOfActor(createdBy),
      now,
    ).lastInsertRowid;
  const campaign = getCampaign(db, Number(id));
  if (!campaign) throw new Error("campaign vanished after insert");
  return campaign;
}

export function getCampaign(db: Db, id: number): Campaign | undefined {
  const row = db.prepare<[number], CampaignRow>("SELECT * FROM survey_campaigns WHERE id = ?").get(id);
  return row && toCampaign(row);
}

export function listCampaigns(db: Db): Campaign[] {
  return db
    .prepare<[], CampaignRow>("SELECT * FROM survey_campaigns ORDER BY opens_at DESC, id DESC")
    .all()
    .map(toCampaign);
}

/** Campaigns that should open, or are open, at `now`. */
export function campaignsToRun(db: Db, now: number): Campaign[] {
  return db
    .prepare<[number], CampaignRow>(
      "SELECT * FROM survey_campaigns WHERE status != 'closed' AND opens_at <= ? ORDER BY id",
    )
    .all(now)
    .map(toCampaign);
}

/** Records that a planned moment was handled; false when it was before (another tick, a restart). */
export function claimSlot(db: Db, campaignId: number, kind: "open" | "reminder" | "close", plannedAt: number): boolean {
  return (
    db
      .prepare("INSERT INTO survey_slots (campaign_id, kind, planned_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
      .run(campaignId, kind, plannedAt).changes > 0
  );
}

interface MomentRow {
  at: number | null;
}

export function lastReminderSlot(db: Db, campaignId: number): number | undefined {
  const row = db
    .prepare<[number], MomentRow>(
      "SELECT max(planned_at) AS at FROM survey_slots WHERE campaign_id = ? AND kind = 'reminder'",
    )
    .get(campaignId);
  return row?.at ?? undefined;
}

export function setCampaignStatus(db: Db, id: number, status: Campaign["status"]): void {
  db.prepare("UPDATE survey_campaigns SET status = ? WHERE id = ?").run(status, id);
}

/** Adds a recipient (once); returns the personal token when the campaign uses personal links. */
export function addRecipient(db: Db, campaign: Campaign, memberId: number): boolean {
  const token = campaign.personalLinks ? randomBytes(18).toString("base64url") : null;
  return (
    db
      .prepare("INSERT INTO survey_recipients (campaign_id, member_id, token) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
      .run(campaign.id, memberId, token).changes > 0
  );
}

export interface Recipient {
  memberId: number;
  token: string | null;
  state: "invited" | "completed" | "opted_out";
  snoozedUntil: number | null;
  remindersSent: number;
}

interface RecipientRow {
  member_id: number;
  token: string | null;
  state: Recipient["state"];
  snoozed_until: number | null;
  reminders_sent: number;
}

const toRecipient = (row: RecipientRow): Recipient => ({
  memberId: row.member_id,
  token: row.token,
  state: row.state,
  snoozedUntil: row.snoozed_until,
  remindersSent: row.reminders_sent,
});

export function getRecipient(db: Db, campaignId: number, memberId: number): Recipient | undefined {
  const row = db
    .prepare<[number, number], RecipientRow>("SELECT * FROM survey_recipients WHERE campaign_id = ? AND member_id = ?")
    .get(campaignId, memberId);
  return row && toRecipient(row);
}

/** Who gets a reminder at `slot`: not completed, not opted out (here or by `stop`), under the maximum, not snoozed. */
export function dueForReminder(db: Db, campaign: Campaign, slot: number): Recipient[] {
  return db
    .prepare<[number, number, number], RecipientRow>(
      `SELECT r.* FROM survey_recipients r JOIN member_reach m ON m.id = r.member_id
         WHERE r.campaign_id = ? AND r.state = 'invited' AND r.reminders_sent < ? AND m.reachable = 1
           AND (r.snoozed_until IS NULL OR r.snoozed_until <= ?)
           AND m.opted_out_at IS NULL ORDER BY r.member_id`,
    )
    .all(campaign.id, campaign.maxReminders, slot)
    .map(toRecipient);
}

export function countReminder(db: Db, campaignId: number, memberId: number): void {
  db.prepare(
    "UPDATE survey_recipients SET reminders_sent = reminders_sent + 1, snoozed_until = NULL WHERE campaign_id = ? AND member_id = ?",
  ).run(campaignId, memberId);
}

/** Stops reminders not yet delivered (to one member, or all at close). */
export function cancelPendingReminders(db: Db, campaignId: number, memberId?: number): number {
  return db
    .prepare(
      `UPDATE outbox SET status = 'failed', failure = 'cancelled: survey answered, snoozed or closed'
       WHERE status = 'pending' AND dedupe_key LIKE ? AND (? IS NULL OR member_id = ?)`,
    )
    .run(`survey:${campaignId}:%`, memberId ?? null, memberId ?? null).changes;
}

export type RecipientUpdate = "ok" | "not_invited" | "closed" | "already";

function updateRecipient(
  db: Db,
  campaignId: number,
  memberId: number,
  apply: (recipient: Recipient) => "ok" | "already",
): RecipientUpdate {
  return inTransaction(db, () => {
    const campaign = getCampaign(db, campaignId);
    if (!campaign || campaign.status === "closed") return campaign ? "closed" : "not_invited";
    const recipient = getRecipient(db, campaignId, memberId);
    if (!recipient) return "not_invited";
    const outcome = apply(recipient);
    cancelPendingReminders(db, campaignId, memberId);
    return outcome;
  });
}

/** Completed at `now`: the dashboard charts the response over time by it. */
export function markCompleted(db: Db, campaignId: number, memberId: number, now: number): RecipientUpdate {
  return updateRecipient(db, campaignId, memberId, (r) => {
    if (r.state === "completed") return "already";
    db.prepare(
      `UPDATE survey_recipients SET state = 'completed', snoozed_until = NULL, completed_at = ?
       WHERE campaign_id = ? AND member_id = ?`,
    ).run(now, campaignId, memberId);
    return "ok";
  });
}

export function optOut(db: Db, campaignId: number, memberId: number): RecipientUpdate {
  return updateRecipient(db, campaignId, memberId, (r) => {
    if (r.state !== "invited") return "already";
    db.prepare("UPDATE survey_recipients SET state = 'opted_out' WHERE campaign_id = ? AND member_id = ?").run(
      campaignId,
      memberId,
    );
    return "ok";
  });
}

export function snooze(db: Db, campaignId: number, memberId: number, until: number | null): RecipientUpdate {
  return updateRecipient(db, campaignId, memberId, (r) => {
    if (r.state !== "invited") return "already";
    db.prepare("UPDATE survey_recipients SET snoozed_until = ? WHERE campaign_id = ? AND member_id = ?").run(
      until ?? Number.MAX_SAFE_INTEGER,
      campaignId,
      memberId,
    );
    return "ok";
  });
}

/** The survey tool reports completion with the member's opaque token. */
export function completeByToken(db: Db, campaignId: number, token: string, now: number): RecipientUpdate {
  const row = db
    .prepare<[number, string], Pick<RecipientRow, "member_id">>(
      "SELECT member_id FROM survey_recipients WHERE campaign_id = ? AND token = ?",
    )
    .get(campaignId, token);
  return row ? markCompleted(db, campaignId, row.member_id, now) : "not_invited";
}
