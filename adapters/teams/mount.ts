import { CloudAdapter } from "botbuilder";
import type { DirectoryConfig } from "../../src/config/directory-config.js";
import type { Attachment } from "../../src/contract.js";
import type { Core } from "../../src/core.js";
import type { Logger } from "../../src/log.js";
import type { Turns } from "../core-thread/core-thread.js";
import { type HttpServer, readBody, sendJson } from "../http/server.js";
import { teamsBot } from "./bot.js";
import type { TeamsConfig } from "./config.js";
import { SingleAttemptAuthentication } from "./connector-retries.js";
import { TeamsDirectory } from "./directory-sync.js";
import { requestShim, responseShim } from "./express-shim.js";
import { isLoopbackServiceUrl } from "./service-url.js";
import { TeamsAdapter } from "./teams-adapter.js";
import { tokenProblem } from "./token-precheck.js";

// Mounts Teams on the bot's one HTTP server: POST /api/messages (the signed links' routes: http/file-routes.ts).

export function createCloudAdapter(config: TeamsConfig, log: Logger): CloudAdapter {
  // Without an app id botbuilder skips authentication (and wants no app type). Its connector clients make one
  // request per call: the outbox, not botbuilder, answers a 429 (connector-retries.ts).
  const auth = new SingleAttemptAuthentication(
    config.appId
      ? {
          MicrosoftAppId: config.appId,
          MicrosoftAppType: config.appType,
          ...(config.appPassword ? { MicrosoftAppPassword: config.appPassword } : {}),
          ...(config.tenantId ? { MicrosoftAppTenantId: config.tenantId } : {}),
        }
      : {},
  );
  const cloud = new CloudAdapter(auth);
  cloud.onTurnError = async (_context, error) => {
    log.error({ err: error, platform: "teams" }, "Teams turn failed");
  };
  return cloud;
}

export function mountTeams(
  http: HttpServer,
  core: Core,
  config: TeamsConfig,
  log: Logger,
  directoryConfig: DirectoryConfig,
  /** Signed links to attachments (http/calendar-links.ts): the calendar invite, files. */
  linkFor: (attachment: Attachment) => string,
  /** Where the core's turns run (adapters/core-thread). */
  turns: Turns,
): TeamsAdapter {
  if (!config.authenticated) {
    // One plain line (at a terminal, right after the start banner): what is open, and for whom it is meant.
    log.warn(
      "MICROSOFT_APP_ID is empty: /api/messages accepts unsigned requests. For local use only, never in production.",
    );
  }
  const cloud = createCloudAdapter(config, log);
  const appId = config.appId ?? "";
  const directory = new TeamsDirectory({ cloud, appId, ctx: core.ctx, config: directoryConfig, rates: config.rates });
  const onTurn = teamsBot({ core, turns, linkFor, authenticated: config.authenticated, directory, directoryConfig });
  // A roster sync a crash cut off continues at its stored page.
  directory.resumeUnfinished();

  http.route("POST", "/api/messages", async (req, res) => {
    if (config.appId) {
      const problem = tokenProblem(req.headers.authorization, config.appId);
      if (problem) {
        log.info({ platform: "teams", problem }, "request refused");
        sendJson(res, 401, { error: "unauthorized" });
        return;
      }
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      sendJson(res, 400, { error: "body must be a JSON activity" });
      return;
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) {
      sendJson(res, 400, { error: "body must be a JSON activity" });
      return;
    }
    // botbuilder answers 500 on these (or, without a serviceUrl, tries to reply nowhere): refuse them here.
    const activity = body as Record<string, unknown>;
    if (typeof activity.type !== "string" || typeof activity.serviceUrl !== "string") {
      sendJson(res, 400, { error: "an activity needs a type and a serviceUrl (text)" });
      return;
    }
    if (!config.authenticated && !isLoopbackServiceUrl(activity.serviceUrl)) {
      // The URL itself is not logged: it may carry a password.
      log.info({ platform: "teams", problem: "service_url" }, "request refused");
      sendJson(res, 400, { error: "without authentication the serviceUrl must be a loopback address" });
      return;
    }
    await cloud.process(requestShim(req, activity), responseShim(res), onTurn);
  });

  return new TeamsAdapter(cloud, core.ctx, appId, linkFor, config.rates, directory);
}
