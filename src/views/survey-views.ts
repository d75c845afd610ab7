import type { Block, Reply } from "../contract.js";
import type { CampaignStatus } from "../domain/campaign-status.js";
import type { Campaign } from "../domain/campaigns.js";
import type { StatusCounts } from "../i18n/survey-poll-texts.js";
import type { ViewContext } from "./view-context.js";

export const SurveyActions = {
  done: "survey.done",
  later: "survey.later",
  optOut: "survey.optout",
  list: "survey.list",
  create: "survey.create",
  createSubmit: "survey.create.submit",
  status: "survey.status",
  close: "survey.close",
} as const;

/** The link, with the member's opaque token when the campaign uses personal links. */
function surveyLink(campaign: Campaign, token: string | null): string {
  if (!token) return campaign.url;
  const url = new URL(campaign.url);
  url.searchParams.set("t", token);
  return url.toString();
}

/** Invitation or reminder: the link and the three buttons. */
export function surveyMessage(
  campaign: Campaign,
  view: ViewContext,
  token: string | null,
  kind: "invite" | "reminder",
): Reply {
  const t = view.sp;
  const intro = kind === "invite" ? t.surveyInvite(campaign.title) : t.surveyReminder(campaign.title);
  const link = `${t.surveyOpenLink}: ${surveyLink(campaign, token)}`;
  const closes = t.surveyCloses(view.dateTime(campaign.closesAt));
  const value = String(campaign.id);
  return {
    title: campaign.title,
    text: `${intro} ${link}`,
    blocks: [
      { kind: "text", text: intro },
      { kind: "text", text: link },
      { kind: "text", text: closes },
      {
        kind: "actions",
        actions: [
          { id: SurveyActions.done, label: t.surveyDone, value, style: "primary" },
          { id: SurveyActions.later, label: t.surveyLater, value },
          { id: SurveyActions.optOut, label: t.surveyOptOut, value },
        ],
      },
    ],
  };
}

function statusFields(counts: StatusCounts, view: ViewContext): string {
  return view.sp.statusLine(counts);
}

/** Status for organisers: totals and per region; regions under 5 invited are folded away. */
export function statusReply(campaign: Campaign, status: CampaignStatus, view: ViewContext): Reply {
  const t = view.sp;
  const total = statusFields(status.total, view);
  const regionLines = status.byRegion.map(({ region, counts }) => {
    const name = region || t.unknownRegion;
    return `• ${name}: ${counts.invited < 5 ? t.smallGroup : statusFields(counts, view)}`;
  });
  const blocks: Block[] = [
    { kind: "text", text: total },
    { kind: "text", text: `**${t.byRegion}**\n${regionLines.join("\n")}` },
  ];
  if (campaign.status !== "closed") {
    blocks.push({
      kind: "actions",
      actions: [{ id: SurveyActions.close, label: t.surveyCloseButton, value: String(campaign.id), style: "danger" }],
    });
  }
  return { title: t.statusTitle(campaign.title), text: `${t.statusTitle(campaign.title)}: ${total}`, blocks };
}
