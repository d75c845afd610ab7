import { type Clock, systemClock } from "../src/clock.js";
import type { CoreConfig } from "../src/config.js";
import type { Adapter } from "../src/contract.js";
import { type Core, createCore } from "../src/core.js";
import { Dispatcher } from "../src/delivery/dispatcher.js";
import { countSessions } from "../src/domain/sessions.js";
import { jobHandlers, periodicTasks } from "../src/features.js";
import type { Logger } from "../src/log.js";
import { Scheduler } from "../src/scheduling/scheduler.js";
import { type Db, openDatabase, schemaVersion } from "../src/storage/db.js";
import { HttpServer, sendJson } from "./http/server.js";

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
  /** How often newly mounted adapters get their dispatcher, and the longest a dispatcher sleeps when idle (ms). */
  drainEveryMs?: number;
  /** Start the scheduler (default true). */
  scheduler?: boolean;
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

  http.route("GET", "/healthz", (_req, res) =>
    sendJson(res, 200, {
      status: "ok",
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      schemaVersion: schemaVersion(db),
      sessions: countSessions(db),
      adapters: adapters.map((a) => a.platform),
    }),
  );

  // One paced dispatcher per mounted adapter; adapters may be mounted after start.
  const dispatchers = new Map<Adapter["platform"], Dispatcher>();
  const mountDispatchers = () => {
    for (const adapter of adapters) {
      if (dispatchers.has(adapter.platform)) continue;
      const dispatcher = new Dispatcher(ctx, adapter, { idleMs: options.drainEveryMs ?? 1000 });
      dispatchers.set(adapter.platform, dispatcher);
      dispatcher.start();
    }
  };
  const timer = setInterval(mountDispatchers, options.drainEveryMs ?? 1000);
  timer.unref();
  const scheduler = new Scheduler(ctx, { handlers: jobHandlers, tasks: periodicTasks });
  if (options.scheduler !== false) await scheduler.start();

  const port = await http.listen(config.PORT, config.HOST);
  return {
    core,
    db,
    http,
    adapters,
    port,
    async stop() {
      clearInterval(timer);
      await scheduler.stop();
      await Promise.all([...dispatchers.values()].map((dispatcher) => dispatcher.stop()));
      await http.close();
      db.close();
    },
  };
}
