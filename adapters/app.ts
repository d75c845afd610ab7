import { type Clock, systemClock } from "../src/clock.js";
import type { CoreConfig } from "../src/config.js";
import type { Adapter } from "../src/contract.js";
import { type Core, createCore } from "../src/core.js";
import { drainOnce } from "../src/delivery/drain.js";
import { countSessions } from "../src/domain/sessions.js";
import type { Logger } from "../src/log.js";
import { type Db, openDatabase, schemaVersion } from "../src/storage/db.js";
import { loadSurveyConfig } from "../src/surveys/survey-config.js";
import { HttpServer, sendJson } from "./http/server.js";
import { surveyWebhook } from "./http/survey-webhook.js";
import { loadSlackConfig } from "./slack/config.js";
import { mountSlack } from "./slack/mount.js";
import { loadTeamsConfig } from "./teams/config.js";
import { mountTeams } from "./teams/mount.js";

export interface App {
  core: Core;
  db: Db;
  http: HttpServer;
  adapters: Adapter[];
  stop(): Promise<void>;
}

export interface AppOptions {
  config: CoreConfig;
  log: Logger;
  clock?: Clock;
  /** How often the outbox is drained (ms). */
  drainEveryMs?: number;
  /** The survey tool's shared secret; default SURVEY_WEBHOOK_SECRET from the environment. */
  surveyWebhookSecret?: string;
  /** Platform settings (SLACK_*, MICROSOFT_APP_ID, …); defaults to process.env. */
  env?: Record<string, string | undefined>;
}

/**
 * The composition root's body: opens the database, builds the core, mounts routes and adapters on one HTTP server,
 * and drains the outbox. `adapters/main.ts` calls it with the environment; tests call it with their own settings.
 */
export async function startApp(options: AppOptions): Promise<App & { port: number }> {
  const { config, log } = options;
  const db = openDatabase(config.DATABASE_PATH);
  const ctx = { db, config, clock: options.clock ?? systemClock, log };
  const core = createCore(ctx);
  const http = new HttpServer(log);
  const adapters: Adapter[] = [];
  const started = Date.now();
  adapters.push(mountTeams(http, core, loadTeamsConfig(options.env ?? process.env, config.PORT), log));

  http.route("GET", "/healthz", (_req, res) =>
    sendJson(res, 200, {
      status: "ok",
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      schemaVersion: schemaVersion(db),
      sessions: countSessions(db),
      adapters: adapters.map((a) => a.platform),
    }),
  );

  http.route(
    "POST",
    "/surveys/*",
    surveyWebhook(ctx, options.surveyWebhookSecret ?? loadSurveyConfig().SURVEY_WEBHOOK_SECRET),
  );
  const slackConfig = loadSlackConfig(options.env ?? process.env);
  const slack = slackConfig ? await mountSlack({ config: slackConfig, core, http, log }) : undefined;
  if (slack) adapters.push(slack.adapter);

  let draining = false;
  const timer = setInterval(async () => {
    if (draining) return;
    draining = true;
    try {
      for (const adapter of adapters) await drainOnce(ctx, adapter);
    } catch (error) {
      log.error({ err: error }, "outbox drain failed");
    } finally {
      draining = false;
    }
  }, options.drainEveryMs ?? 1000);
  timer.unref();

  const port = await http.listen(config.PORT, config.HOST);
  return {
    core,
    db,
    http,
    adapters,
    port,
    async stop() {
      clearInterval(timer);
      await slack?.stop();
      await http.close();
      db.close();
    },
  };
}
