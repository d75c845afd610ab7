import type { IncomingMessage, ServerResponse } from "node:http";
import type { CoreContext } from "../../src/services/context.js";
import { publicBase, viewerOf } from "../../src/services/dashboard/access.js";
import { errorKind } from "../http/error-kind.js";
import type { HttpServer } from "../http/server.js";
import { assetRoutes } from "./asset-routes.js";
import { cookiePolicy, readCookie } from "./cookies.js";
import { deliveryRoutes } from "./delivery-routes.js";
import { downloadRoutes } from "./download-routes.js";
import { BadForm } from "./forms.js";
import { pageRoutes } from "./page-routes.js";
import { renderNotice } from "./pages/render.js";
import { browserLocale, sendHtml, sendJsonBody } from "./responses.js";
import { type DashboardRequest, type DashboardRoute, matchPath } from "./route-table.js";
import { signInRoutes } from "./sign-in-routes.js";

// The organisers' dashboard on the bot's HTTP server. Every route declares who may use it; this is the one place
// that checks it, on every request: the cookie's session, still valid, its holder still an organiser (or leader).

/** Every route of the dashboard (the route-walk test goes through all of them). */
export const dashboardRoutes: DashboardRoute[] = [
  ...signInRoutes,
  ...assetRoutes,
  ...downloadRoutes,
  ...deliveryRoutes,
  ...pageRoutes,
];

const isApi = (path: string) => path.startsWith("/dashboard/api/");

function find(method: string, path: string) {
  let pathKnown = false;
  for (const route of dashboardRoutes) {
    const params = matchPath(route.path, path);
    if (!params) continue;
    if (route.method === method) return { route, params };
    pathKnown = true;
  }
  return pathKnown ? "method" : undefined;
}

async function handle(ctx: CoreContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  // `/dashboard/` and `/dashboard/polls/` are the pages without the slash.
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;
  const base = publicBase(ctx);
  const cookie = cookiePolicy(base);
  const cookieValue = readCookie(req, cookie.name);
  const viewer = viewerOf(ctx, cookieValue);
  const locale = viewer?.locale ?? browserLocale(req, ctx.config.BOT_LOCALE);
  const refuse = (status: number, kind: Parameters<typeof renderNotice>[0]) =>
    isApi(path) ? sendJsonBody(res, status, { error: kind }) : sendHtml(res, status, renderNotice(kind, { locale }));
  let found: ReturnType<typeof find>;
  try {
    found = find(req.method ?? "GET", path);
  } catch {
    return refuse(400, "bad_request"); // a malformed %-escape in the path
  }
  if (found === undefined) return refuse(404, "not_found");
  if (found === "method") return refuse(405, "bad_request");
  const { route, params } = found;
  const request: DashboardRequest = {
    req,
    res,
    ctx,
    params,
    query: url.searchParams,
    cookie,
    cookieValue,
    locale,
    viewer,
    base,
    refuse,
  };
  if (route.who === "anyone") return answerForm(request, () => route.handle(request));
  if (!viewer) return refuse(401, "no_session");
  if (route.who === "organiser" && viewer.scope !== "organiser") return refuse(403, "forbidden");
  return answerForm(request, () => route.handle({ ...request, viewer }));
}

/** A post that is no form of ours (wrong type, too large) gets the notice in the visitor's language. */
async function answerForm(request: DashboardRequest, run: () => void | Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof BadForm) || request.res.headersSent) throw error;
    request.refuse(400, "bad_request");
  }
}

export function mountDashboard(http: HttpServer, ctx: CoreContext): void {
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      await handle(ctx, req, res);
    } catch (error) {
      if (res.headersSent) return void res.end();
      ctx.log.error({ err: errorKind(error) }, "dashboard request failed");
      sendJsonBody(res, 500, { error: "internal error" });
    }
  };
  for (const method of ["GET", "POST"]) {
    http.route(method, "/dashboard", handler);
    http.route(method, "/dashboard/*", handler);
  }
}
