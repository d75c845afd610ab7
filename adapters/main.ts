// The composition root: reads the environment, starts the app, and stops cleanly on a signal.
import { fileURLToPath } from "node:url";
import { ConfigError } from "../src/env.js";
import { createLogger } from "../src/log.js";
import { startApp } from "./app.js";
import { loadConfig } from "./config.js";
import { guardProcess } from "./process-guard.js";

async function main(): Promise<void> {
  // The one read of the environment. No chat account at all: a first run to try things out, with example sessions
  // and nudges at any hour (not capped at a few a week), unless the environment says otherwise.
  const settings = loadConfig(process.env, { firstRunDefaults: true });
  const { core: config, playground } = settings;
  const log = createLogger(config.LOG_LEVEL);
  guardProcess(log); // no single request's error ends the bot
  const app = await startApp({
    config: settings,
    log,
    // Another bot took over the database (this one stalled past its lease): stop rather than send twice.
    onLeaseLost: () => process.exit(1),
    ...(settings.firstRun
      ? { exampleSessions: fileURLToPath(new URL("../examples/sessions.csv", import.meta.url)) }
      : {}),
  });
  log.info({ port: app.port, database: config.DATABASE_PATH }, "Spreekuur is running");
  const host = config.HOST === "0.0.0.0" || config.HOST === "127.0.0.1" ? "localhost" : config.HOST;
  console.log(`Spreekuur luistert op http://${host}:${app.port}/`);
  if (playground) {
    console.log(`Speeltuin: http://${host}:${app.port}/`);
    console.log(`Playground: http://${host}:${app.port}/`);
  }
  const stop = async () => {
    await app.stop();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
