import { type Clock, systemClock } from "../src/clock.js";
import type { Adapter } from "../src/contract.js";
import { type Core, createCore } from "../src/core.js";
import { countSessions } from "../src/domain/sessions.js";
import { periodicTasks } from "../src/features.js";
import type { Logger } from "../src/log.js";
import type { CoreContext } from "../src/services/context.js";
import { Dispatcher } from "../src/services/delivery/dispatcher.js";
import { registerPlatformProfile } from "../src/services/platform-profiles.js";
import { Scheduler } from "../src/services/scheduling/scheduler.js";
import { type Db, openDatabase, schemaVersion } from "../src/storage/db.js";
import { BotLease } from "../src/storage/lease.js";
import type { Config } from "./config.js";
import { CoreThread, clockForThread, type Turns, turnsOnThisThread } from "./core-thread/core-thread.js";
import { mountDashboard } from "./dashboard/mount.js";
import { calendarLinker } from "./http/calendar-links.js";
import { mountFileRoutes } from "./http/file-routes.js";
import { HttpServer, sendJson } from "./http/server.js";
import { surveyWebhook } from "./http/survey-webhook.js";
import { loadExampleSessions } from "./playground/examples.js";
import { mountPlayground, playgroundOrganiser } from "./playground/mount.js";
import { mountTeams } from "./teams/mount.js";

export interface App {
  core: Core;
  db: Db;
  http: HttpServer;
  adapters: Adapter[];
  stop(): Promise<void>;
}

export interface AppOptions {
  /** Every part's settings, from `loadConfig` (adapters/config.ts). */
  config: Config;
  log: Logger;
  clock?: Clock;
  /** How often newly mounted adapters get their dispatcher, and the longest a dispatcher sleeps when idle (ms). */
  drainEveryMs?: number;
  /** Start the scheduler (default true). */
  scheduler?: boolean;
  /** A session CSV imported as example data when the database has no sessions yet. */
  exampleSessions?: string;
  /** After the lease on the database was lost and the app stopped (main.ts exits). */
  onLeaseLost?: () => void;
}

/** How long the bot's statements wait for another process's write lock before the core answers "try again". */
const botBusyTimeoutMs = 200;
/**
 * The core's thread waits a little longer: the request thread's own writes (a roster page, a scheduled task, a
 * dashboard broadcast) would have run before a turn anyway when both shared one thread, and a wait there blocks no
 * request being read or acked. Not much longer: turns wait in line behind it while another process holds the lock.
 */
const threadBusyTimeoutMs = 500;
/** Far beyond any turn (busy waits included): a turn older than this is stuck. */
const stuckTurnMs = 30_000;

/** What the playground's organiser can type; the chips under the chat. */
export const playgroundOrganiserChips = [
  "bericht versturen",
  "enquetes",
  "peilingen",
  "reactierondes",
  "rapport 1",
  "dashboard",
];

/**
 * The composition root's body: opens the database, builds the core, mounts routes and adapters on one HTTP server,
 * and drains the outbox. `adapters/main.ts` calls it with the environment's settings; tests with their own.
 */
export async function startApp(options: AppOptions): Promise<App & { port: number; examplesLoaded: number }> {
  const { log } = options;
  const { lease: leaseConfig, playground } = options.config;
  // A copy: the links' base follows the bound port below, and the caller's settings stay as they were.
  const teamsConfig = { ...options.config.teams };
  // The playground's organiser identity becomes an organiser while the page is mounted.
  const config = playground
    ? { ...options.config.core, ORGANISERS: [...options.config.core.ORGANISERS, playgroundOrganiser] }
    : options.config.core;
  // A short busy wait: another process's write lock must never stall the event loop (the core answers "try again").
  const db = openDatabase(config.DATABASE_PATH, { busyTimeoutMs: botBusyTimeoutMs });
  // The pages' links follow the port actually bound (PORT=0 in tests) unless PUBLIC_URL says otherwise.
  const ctx: CoreContext = {
    db,
    config,
    clock: options.clock ?? systemClock,
    log,
    publicUrl: () => teamsConfig.publicUrl,
  };
  // One bot per database, before anything can send: a second bot refuses to start, naming the holder.
  // Set once everything is started; a lease lost before then has nothing to stop yet.
  let stop: () => Promise<void> = async () => {};
  let lease: BotLease;
  try {
    lease = BotLease.take(db, config.DATABASE_PATH, {
      renewMs: leaseConfig.LEASE_RENEW_SECONDS * 1000,
      expiryMs: leaseConfig.LEASE_EXPIRY_SECONDS * 1000,
      clock: ctx.clock,
      log,
      onLost: () => void stop().then(() => options.onLeaseLost?.()),
    });
  } catch (error) {
    db.close();
    throw error;
  }
  const core = createCore(ctx);
  // The chats' turns on the core's own thread (off the thread that reads and answers requests); with a clock no
  // thread can read, here.
  // An in-memory database is the connection's own: another thread would open an empty one.
  const threadClock = config.DATABASE_PATH === ":memory:" ? undefined : clockForThread(ctx.clock);
  const thread = threadClock
    ? new CoreThread({ core, log, busyTimeoutMs: threadBusyTimeoutMs, publicUrl: teamsConfig.publicUrl }, threadClock)
    : undefined;
  const turns: Turns = thread ?? turnsOnThisThread(core);
  const http = new HttpServer(log);
  const adapters: Adapter[] = [];
  const started = Date.now();
  // One signer for every adapter's links (calendar invites, files), read at each link: the base follows the port.
  const linkFor = calendarLinker(
    () => teamsConfig.publicUrl,
    teamsConfig.calendarSecret,
    () => ctx.clock.now(),
  );
  mountFileRoutes(http, ctx, teamsConfig.calendarSecret);
  adapters.push(mountTeams(http, core, teamsConfig, log, options.config.directory, linkFor, turns));
  mountDashboard(http, ctx);
  if (playground) mountPlayground(http, playgroundOrganiserChips);
  const examplesLoaded = options.exampleSessions ? loadExampleSessions(ctx, options.exampleSessions) : 0;

  http.route("GET", "/healthz", (_req, res) => {
    // A turn unanswered this long: the core's thread is stuck (a bug), and only a restart helps.
    const stuck = (thread?.oldestWaitMs() ?? 0) > stuckTurnMs;
    sendJson(res, stuck ? 503 : 200, {
      status: stuck ? "core thread not answering" : "ok",
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      schemaVersion: schemaVersion(db),
      sessions: countSessions(db),
      adapters: adapters.map((a) => a.platform),
    });
  });

  http.route("POST", "/surveys/*", surveyWebhook(ctx, options.config.survey.SURVEY_WEBHOOK_SECRET));
  const slackConfig = options.config.slack;
  const slack = slackConfig
    ? // Bolt is loaded only when Slack is configured: a bot without it starts faster and smaller.
      await (await import("./slack/mount.js")).mountSlack({
        config: slackConfig,
        rates: options.config.slackRates,
        core,
        turns,
        http,
        log,
        directory: options.config.directory,
        // A member's browser reaches a link only at a configured public address, and a link must outlive a restart
        // (a kept secret); else the invite is uploaded, which keeps working whatever happens to the bot.
        ...(teamsConfig.publicUrlFollowsPort || !teamsConfig.calendarSecretKept ? {} : { linkFor }),
      })
    : undefined;
  if (slack) adapters.push(slack.adapter);

  // One paced dispatcher per mounted adapter; adapters may be mounted after start.
  const dispatchers = new Map<Adapter["platform"], Dispatcher>();
  const mountDispatchers = () => {
    for (const adapter of adapters) {
      if (dispatchers.has(adapter.platform)) continue;
      // The core renders for a platform by the limits its adapter declares.
      registerPlatformProfile(adapter.platform, adapter.profile);
      thread?.registerProfile(adapter.platform, adapter.profile);
      const dispatcher = new Dispatcher(ctx, adapter, { idleMs: options.drainEveryMs ?? 1000 });
      dispatchers.set(adapter.platform, dispatcher);
      dispatcher.start();
    }
  };
  // A (re)install releases the workspace's held messages: send them now rather than at the next idle wake.
  slack?.installations?.onInstalled(() => dispatchers.get("slack")?.wake());
  const timer = setInterval(mountDispatchers, options.drainEveryMs ?? 1000);
  timer.unref();
  const scheduler = new Scheduler(ctx, { tasks: periodicTasks });
  if (options.scheduler !== false) await scheduler.start();

  let port: number;
  try {
    port = await http.listen(config.PORT, config.HOST);
  } catch (error) {
    // The port is taken: stop what started (the lease above all, so the next try needs no takeover) and say so.
    await stopAll();
    throw error;
  }
  // Calendar links point at the port actually bound (PORT=0 in tests) unless PUBLIC_URL says otherwise.
  if (teamsConfig.publicUrlFollowsPort) teamsConfig.publicUrl = `http://localhost:${port}`;
  thread?.setPublicUrl(teamsConfig.publicUrl);
  let stopping: Promise<void> | undefined;
  async function stopAll(): Promise<void> {
    clearInterval(timer);
    await slack?.stop();
    await scheduler.stop();
    await Promise.all([...dispatchers.values()].map((dispatcher) => dispatcher.stop()));
    await http.close();
    await thread?.stop();
    lease.release();
    db.close();
  }
  stop = () => {
    stopping ??= stopAll();
    return stopping;
  };
  return { core, db, http, adapters, port, examplesLoaded, stop };
}
