import { sendWindow } from "../config/core-config.js";
import { audienceMembers } from "../domain/audience.js";
import { audit } from "../domain/audit.js";
import { campaignStatus } from "../domain/campaign-status.js";
import {
  addRecipient,
  type Campaign,
  campaignsToRun,
  cancelPendingReminders,
  claimSlot,
  countReminder,
  dueForReminder,
  getRecipient,
  lastReminderSlot,
  setCampaignStatus,
} from "../domain/campaigns.js";
import { getMemberById } from "../domain/members.js";
import { organiserIds } from "../domain/organisers.js";
import { enqueue } from "../domain/outbox.js";
import { inTransaction } from "../storage/db.js";
import { nextInWindow } from "../time/quiet-hours.js";
import { nextOccurrence, occurrences } from "../time/schedule.js";
import type { Actor } from "../types.js";
import { statusReply, surveyMessage } from "../views/survey-views.js";
import type { CoreContext } from "./context.js";
import { memberAddress, memberLocale } from "./member-reach.js";
import type { PeriodicTask } from "./scheduling/periodic-task.js";
import { sendUnsolicited } from "./stop-hint.js";
import { viewNow } from "./view-now.js";

// Opening, reminding and closing campaigns: each step claims its planned moment first, so it happens once.

function sendToMember(
  ctx: CoreContext,
  campaign: Campaign,
  memberId: number,
  kind: "invite" | "reminder",
  key: string,
  notBefore: number,
  now: number,
): void {
  const member = getMemberById(ctx.db, memberId);
  const recipient = getRecipient(ctx.db, campaign.id, memberId);
  // After `stop` they stay a recipient (counted), but get no invitation or reminder.
  if (!member || !recipient || member.optedOut) return;
  const locale = memberLocale(member, ctx.config);
  const message = surveyMessage(campaign, viewNow(ctx, locale), recipient.token, kind);
  sendUnsolicited(ctx.db, memberId, locale, message, (reply) =>
    enqueue(
      ctx.db,
      { dedupeKey: key, kind: `survey.${kind}`, to: memberAddress(member), memberId, reply, notBefore },
      now,
    ),
  );
}

/** Invites the audience: reachable members get a message inside the window, all are counted. */
export function openCampaign(ctx: CoreContext, campaign: Campaign, now: number): void {
  inTransaction(ctx.db, () => {
    if (!claimSlot(ctx.db, campaign.id, "open", campaign.opensAt)) return;
    setCampaignStatus(ctx.db, campaign.id, "open");
    const notBefore = nextInWindow(Math.max(now, campaign.opensAt), sendWindow(ctx.config));
    for (const member of audienceMembers(ctx.db, campaign.audience)) {
      addRecipient(ctx.db, campaign, member.id);
      if (!member.reachable || notBefore >= campaign.closesAt) continue;
      sendToMember(ctx, campaign, member.id, "invite", `survey:${campaign.id}:invite:${member.id}`, notBefore, now);
    }
  });
}

/** The latest reminder moment that is due and not yet handled (missed older ones are skipped, not bunched). */
function dueReminderSlot(ctx: CoreContext, campaign: Campaign, now: number): number | undefined {
  if (!campaign.reminderCron || campaign.maxReminders === 0) return undefined;
  // A reminder never arrives together with (or before) the invitation that waited for the window.
  const invitedAt = nextInWindow(campaign.opensAt, sendWindow(ctx.config));
  const after = Math.max(lastReminderSlot(ctx.db, campaign.id) ?? campaign.opensAt, invitedAt);
  const due = occurrences(campaign.reminderCron, ctx.config.BOT_TIMEZONE, after, Math.min(now, campaign.closesAt - 1));
  return due.at(-1);
}

export function remind(ctx: CoreContext, campaign: Campaign, slot: number, now: number): number {
  return inTransaction(ctx.db, () => {
    if (!claimSlot(ctx.db, campaign.id, "reminder", slot)) return 0;
    const notBefore = nextInWindow(Math.max(now, slot), sendWindow(ctx.config));
    if (notBefore >= campaign.closesAt) return 0;
    const due = dueForReminder(ctx.db, campaign, slot);
    for (const recipient of due) {
      const n = recipient.remindersSent + 1;
      const key = `survey:${campaign.id}:reminder:${n}:${recipient.memberId}`;
      sendToMember(ctx, campaign, recipient.memberId, "reminder", key, notBefore, now);
      countReminder(ctx.db, campaign.id, recipient.memberId);
    }
    return due.length;
  });
}

/** Closes a campaign (on time or by an organiser): no more reminders, the status goes to the organisers. */
export function closeCampaign(ctx: CoreContext, campaign: Campaign, now: number, actor?: Actor): boolean {
  return inTransaction(ctx.db, () => {
    if (!claimSlot(ctx.db, campaign.id, "close", campaign.closesAt)) return false;
    setCampaignStatus(ctx.db, campaign.id, "closed");
    cancelPendingReminders(ctx.db, campaign.id);
    if (actor !== undefined) audit(ctx.db, { actor, action: "survey.close", subject: `survey:${campaign.id}` }, now);
    const status = campaignStatus(ctx.db, campaign.id, now);
    const notBefore = nextInWindow(now, sendWindow(ctx.config));
    for (const id of organiserIds(ctx.db, ctx.config.ORGANISERS, now)) {
      const member = getMemberById(ctx.db, id);
      if (!member) continue;
      const locale = memberLocale(member, ctx.config);
      const reply = statusReply({ ...campaign, status: "closed" }, status, viewNow(ctx, locale));
      enqueue(
        ctx.db,
        {
          dedupeKey: `survey:${campaign.id}:closed:${member.id}`,
          kind: "survey.summary",
          to: memberAddress(member),
          memberId: member.id,
          reply,
          notBefore,
        },
        now,
      );
    }
    return true;
  });
}

/** The moment a "Later" snooze lasts until: the next reminder slot before close, if any. */
export function nextSlot(ctx: CoreContext, campaign: Campaign, now: number): number | undefined {
  if (!campaign.reminderCron) return undefined;
  const next = nextOccurrence(campaign.reminderCron, ctx.config.BOT_TIMEZONE, now);
  return next !== undefined && next < campaign.closesAt ? next : undefined;
}

/** The periodic work: open what is due, send the due reminder slot, close what has ended. */
export const surveyTask: PeriodicTask = {
  name: "surveys",
  run(ctx: CoreContext, now: number): void {
    for (const campaign of campaignsToRun(ctx.db, now)) {
      if (campaign.status === "scheduled") openCampaign(ctx, campaign, now);
      if (campaign.closesAt <= now) {
        closeCampaign(ctx, campaign, now);
        continue;
      }
      const slot = dueReminderSlot(ctx, campaign, now);
      if (slot !== undefined) remind(ctx, campaign, slot, now);
    }
  },
};
