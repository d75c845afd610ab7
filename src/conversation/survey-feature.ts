import type { Block, Reply } from "../contract.js";
import { audit } from "../domain/audit.js";
import { campaignStatus } from "../domain/campaign-status.js";
import {
  createCampaign,
  getCampaign,
  getRecipient,
  listCampaigns,
  markCompleted,
  optOut,
  type RecipientUpdate,
  snooze,
} from "../domain/campaigns.js";
import type { FieldErrors } from "../domain/form-input.js";
import { SurveyFields, validateSurvey } from "../domain/survey-input.js";
import { sendNowTexts } from "../i18n/send-now-texts.js";
import { closeCampaign, nextSlot, openCampaign, remind } from "../services/survey-service.js";
import { normalize } from "../text/normalize.js";
import { formatLocalDateTime } from "../time/local-time.js";
import { audienceOptions, yesNoOptions } from "../views/audience-options.js";
import { SurveyActions, statusReply } from "../views/survey-views.js";
import { notice } from "../views/views.js";
import { type Feature, forMembers, forOrganisers, organiserText, type Turn } from "./turn.js";

// Survey campaigns in chat: members answer the buttons; organisers create, follow and close campaigns.

function recipientReply(turn: Turn, outcome: RecipientUpdate, ok: string): Reply[] {
  const t = turn.view.sp;
  if (outcome === "closed") return [notice(t.surveyClosed, { replaceSource: true })];
  if (outcome === "not_invited") return [notice(t.surveyUnknown)];
  return [notice(ok, { replaceSource: true })];
}

function campaignId(value: string | undefined): number {
  return /^\d+$/.test(value ?? "") ? Number(value) : -1;
}

function done(turn: Turn, value: string | undefined): Reply[] {
  const outcome = markCompleted(turn.ctx.db, campaignId(value), turn.member.id, turn.ctx.clock.now());
  return recipientReply(turn, outcome, turn.view.sp.surveyThanks);
}

function later(turn: Turn, value: string | undefined): Reply[] {
  const view = turn.view;
  const campaign = getCampaign(turn.ctx.db, campaignId(value));
  if (!campaign) return [notice(view.sp.surveyUnknown)];
  const recipient = getRecipient(turn.ctx.db, campaign.id, turn.member.id);
  const remindersLeft = recipient !== undefined && recipient.remindersSent < campaign.maxReminders;
  const until = (remindersLeft && nextSlot(turn.ctx, campaign, turn.now)) || null;
  const outcome = snooze(turn.ctx.db, campaign.id, turn.member.id, until);
  return recipientReply(
    turn,
    outcome,
    until ? view.sp.surveySnoozed(view.dateTime(until)) : view.sp.surveySnoozedNoSlot,
  );
}

function stopReminders(turn: Turn, value: string | undefined): Reply[] {
  const outcome = optOut(turn.ctx.db, campaignId(value), turn.member.id);
  return recipientReply(turn, outcome, turn.view.sp.surveyOptedOut);
}

function list(turn: Turn): Reply[] {
  const view = turn.view;
  const campaigns = listCampaigns(turn.ctx.db).slice(0, 10);
  const blocks: Block[] = campaigns.flatMap((c): Block[] => [
    {
      kind: "text",
      text: `**${c.title}** (${view.sp.surveyStatus[c.status]}) · ${view.dateTime(c.opensAt)} – ${view.dateTime(c.closesAt)}`,
    },
    {
      kind: "actions",
      actions: [{ id: SurveyActions.status, label: view.sp.surveyStatusButton, value: String(c.id) }],
    },
  ]);
  const text = campaigns.length ? view.sp.surveysTitle : view.sp.surveysNone;
  blocks.unshift({ kind: "text", text });
  blocks.push({
    kind: "actions",
    actions: [{ id: SurveyActions.create, label: view.sp.surveyNew, style: "primary" }],
  });
  return [{ title: view.sp.surveysTitle, text, blocks }];
}

function form(turn: Turn, values: Record<string, string> = {}, errors: FieldErrors = {}): Reply {
  const view = turn.view;
  const t = view.sp;
  const tomorrow = formatLocalDateTime(turn.now + 86_400_000, view.zone);
  const input = (id: string, label: string, extra: Partial<Extract<Block, { kind: "input" }>> = {}): Block => ({
    kind: "input",
    id,
    label,
    value: values[id] ?? extra.value ?? "",
    ...extra,
    ...(errors[id] ? { error: t.errors[errors[id]] } : {}),
  });
  return {
    title: t.surveyNew,
    text: t.surveyNew,
    blocks: [
      input(SurveyFields.title, t.formTitle, { maxLength: 150 }),
      input(SurveyFields.url, t.formUrl),
      input(SurveyFields.opens, t.formOpens, { value: tomorrow }),
      input(SurveyFields.closes, t.formCloses),
      input(SurveyFields.audience, t.formAudience, { options: audienceOptions(view), value: "all" }),
      input(SurveyFields.reminders, t.formReminders, { optional: true }),
      input(SurveyFields.maxReminders, t.formMaxReminders, { optional: true, value: "2" }),
      input(SurveyFields.personalLinks, t.formPersonalLinks, { options: yesNoOptions(view), value: "no" }),
    ],
    form: { submit: { id: SurveyActions.createSubmit, label: t.formSubmit, style: "primary" } },
  };
}

function create(turn: Turn, formValues: Record<string, string> | undefined): Reply[] {
  const values = formValues ?? {};
  const checked = validateSurvey(values, turn.ctx.config.BOT_TIMEZONE);
  if (!checked.ok) return [form(turn, values, checked.errors)];
  const campaign = createCampaign(turn.ctx.db, checked.value, turn.actor, turn.now);
  audit(turn.ctx.db, { actor: turn.actor, action: "survey.create", subject: `survey:${campaign.id}` }, turn.now);
  // Opening now means now, not at the scheduler's next tick.
  if (campaign.opensAt <= turn.now) openCampaign(turn.ctx, campaign, turn.now);
  const view = turn.view;
  return [notice(view.sp.surveyCreated(campaign.title, view.dateTime(campaign.opensAt)))];
}

function status(turn: Turn, value: string | undefined): Reply[] {
  const view = turn.view;
  const campaign = getCampaign(turn.ctx.db, campaignId(value));
  if (!campaign) return [notice(view.sp.surveyUnknown)];
  const reply = statusReply(campaign, campaignStatus(turn.ctx.db, campaign.id, turn.now), view);
  if (campaign.status !== "open") return [reply];
  const remindNow = {
    id: remindNowAction,
    label: sendNowTexts(view.locale).remindNowButton,
    value: String(campaign.id),
  };
  return [{ ...reply, blocks: [...(reply.blocks ?? []), { kind: "actions", actions: [remindNow] }] }];
}

const remindNowAction = "survey.remind.now";

/** An organiser sends a reminder at once to everyone invited who has not answered (within the send window). */
function remindNow(turn: Turn, value: string | undefined): Reply[] {
  const view = turn.view;
  const campaign = getCampaign(turn.ctx.db, campaignId(value));
  if (!campaign) return [notice(view.sp.surveyUnknown)];
  const texts = sendNowTexts(view.locale);
  if (campaign.status !== "open" || campaign.closesAt <= turn.now) return [notice(texts.remindNotOpen)];
  const count = remind(turn.ctx, campaign, turn.now, turn.now);
  audit(turn.ctx.db, { actor: turn.actor, action: "survey.remind", subject: `survey:${campaign.id}` }, turn.now);
  return [notice(texts.remindedNow(count))];
}

function close(turn: Turn, value: string | undefined): Reply[] {
  const view = turn.view;
  const campaign = getCampaign(turn.ctx.db, campaignId(value));
  if (!campaign) return [notice(view.sp.surveyUnknown)];
  closeCampaign(turn.ctx, campaign, turn.now, turn.actor);
  return [notice(view.sp.surveyClosedByYou(campaign.title), { replaceSource: true })];
}

const listWords = new Set(["enquetes", "enquete", "surveys", "survey"]);

export const surveyFeature: Feature = {
  actions: {
    [SurveyActions.done]: forMembers(done),
    [SurveyActions.later]: forMembers(later),
    [SurveyActions.optOut]: forMembers(stopReminders),
    [SurveyActions.list]: forOrganisers(list),
    [SurveyActions.create]: forOrganisers((turn) => [form(turn)]),
    [SurveyActions.createSubmit]: forOrganisers((turn, _value, values) => create(turn, values)),
    [SurveyActions.status]: forOrganisers(status),
    [SurveyActions.close]: forOrganisers(close),
    [remindNowAction]: forOrganisers(remindNow),
  },
  text: (_turn, text) => (listWords.has(normalize(text)) ? organiserText(SurveyActions.list, list) : undefined),
};
