import type { CoreContext } from "../../src/services/context.js";
import type { Viewer } from "../../src/services/dashboard/access.js";
import { consultationsFor } from "../../src/services/dashboard/consultations.js";
import { deliveriesFor } from "../../src/services/dashboard/deliveries.js";
import { overviewFor } from "../../src/services/dashboard/overview.js";
import { pollsFor } from "../../src/services/dashboard/polls.js";
import { reportsFor } from "../../src/services/dashboard/reports.js";
import { sessionDetailFor } from "../../src/services/dashboard/session-detail.js";
import { surveysFor } from "../../src/services/dashboard/surveys.js";
import { type DashboardPage, pagesOfScope } from "./page-kinds.js";
import { calendarAt } from "./pages/parts.js";
import { renderPage } from "./pages/render.js";
import { sendHtml, sendJsonBody } from "./responses.js";
import type { DashboardRoute } from "./route-table.js";

// Each page twice: as HTML for the organiser, and its data as JSON under /dashboard/api/ for an association's own
// reporting tools. One producer feeds both, so the page and the API never disagree.

type Kind = DashboardPage["kind"];
type DataOf<K extends Kind> = Extract<DashboardPage, { kind: K }>["data"];
type Produce<K extends Kind> = (
  ctx: CoreContext,
  viewer: Viewer,
  params: Record<string, string>,
) => DataOf<K> | undefined;

/** A page and its API route; who may open them follows pagesOfScope (a leader only what is theirs). */
function page<K extends Kind>(kind: K, path: string, apiPath: string, produce: Produce<K>): DashboardRoute[] {
  const who = pagesOfScope.leader.includes(kind) ? "viewer" : "organiser";
  return [
    {
      method: "GET",
      path,
      who,
      handle: (r) => {
        const data = produce(r.ctx, r.viewer, r.params);
        if (data === undefined) return r.refuse(404, "not_found");
        const calendar = calendarAt(r.ctx.config.BOT_TIMEZONE, r.ctx.clock.now());
        sendHtml(r.res, 200, renderPage({ kind, data } as DashboardPage, r.viewer, calendar));
      },
    },
    {
      method: "GET",
      path: apiPath,
      who,
      handle: (r) => {
        const data = produce(r.ctx, r.viewer, r.params);
        if (data === undefined) return r.refuse(404, "not_found");
        sendJsonBody(r.res, 200, data);
      },
    },
  ];
}

export const pageRoutes: DashboardRoute[] = [
  ...page("overview", "/dashboard", "/dashboard/api/overview", (ctx, viewer) => overviewFor(ctx, viewer)),
  ...page("session", "/dashboard/sessions/:id", "/dashboard/api/sessions/:id", (ctx, viewer, { id = "" }) =>
    sessionDetailFor(ctx, viewer, id),
  ),
  ...page("surveys", "/dashboard/surveys", "/dashboard/api/surveys", (ctx) => surveysFor(ctx)),
  ...page("polls", "/dashboard/polls", "/dashboard/api/polls", (ctx) => pollsFor(ctx)),
  ...page("consultations", "/dashboard/consultations", "/dashboard/api/consultations", (ctx) => consultationsFor(ctx)),
  ...page("deliveries", "/dashboard/deliveries", "/dashboard/api/deliveries", (ctx) => deliveriesFor(ctx)),
  ...page("reports", "/dashboard/reports", "/dashboard/api/reports", (ctx, viewer) => reportsFor(ctx, viewer)),
];
