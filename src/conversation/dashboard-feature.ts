import type { Reply } from "../contract.js";
import { dashboardTexts } from "../i18n/dashboard-texts.js";
import { type DashboardScope, holdsScope, issueDashboardLink } from "../services/dashboard/access.js";
import { normalize } from "../text/normalize.js";
import { type Feature, organiserText, type Turn } from "./turn.js";

// `dashboard`: a personal sign-in link to the organisers' web dashboard (a leader gets one of their own sessions).

const dashboardWords = new Set(["dashboard", "dashbord", "overzichtspagina"]);

function linkReply(turn: Turn, scope: DashboardScope): Reply[] {
  const t = dashboardTexts(turn.view.locale);
  const url = issueDashboardLink(turn.ctx, turn.member.id, scope);
  const text = scope === "organiser" ? t.organiserLink : t.leaderLink;
  return [
    {
      title: t.title,
      text: `${text}\n${url}`,
      blocks: [
        { kind: "text", text },
        { kind: "actions", actions: [{ id: "dashboard.open", label: t.open, url, style: "primary" }] },
      ],
    },
  ];
}

/** A leader who is no organiser gets the dashboard of their own sessions instead of the refusal. */
const leaderInstead = (turn: Turn): Reply[] | undefined =>
  holdsScope(turn.ctx, turn.member.id, "leader") ? linkReply(turn, "leader") : undefined;

export const dashboardFeature: Feature = {
  text: (_turn, text) => {
    if (!dashboardWords.has(normalize(text))) return undefined;
    return {
      ...organiserText("dashboard.link", (turn) => linkReply(turn, "organiser")),
      insteadOfRefusal: leaderInstead,
    };
  },
};
