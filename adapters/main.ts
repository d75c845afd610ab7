// The composition root: reads the environment, starts the app, and stops cleanly on a signal.
import { fileURLToPath } from "node:url";
import { countSessions } from "../src/domain/sessions.js";
import { ConfigError } from "../src/env.js";
import { createLogger, heldOutput, logFormat } from "../src/log.js";
import { startApp } from "./app.js";
import { startBanner } from "./banner.js";
import { loadConfig } from "./config.js";
import { guardProcess } from "./process-guard.js";

// Log lines of the start wait until the banner is out: the banner is the first thing a person sees.
const output = heldOutput(process.stdout);

async function main(): Promise<void> {
  // The one read of the environment. No chat account at all: a first run to try things out, with example sessions
  // and nudges at any hour (not capped at a few a week), unless the environment says otherwise.
  const settings = loadConfig(process.env, { firstRunDefaults: true });
  const { core: config, playground } = settings;
  const format = logFormat(config.LOG_FORMAT, process.stdout.isTTY === true);
  const log = createLogger(config.LOG_LEVEL, output, format);
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
  const host = config.HOST === "0.0.0.0" || config.HOST === "127.0.0.1" ? "localhost" : config.HOST;
  process.stdout.write(
    startBanner({
      url: `http://${host}:${app.port}/`,
      examplesLoaded: app.examplesLoaded,
      sessions: countSessions(app.db),
      playground,
    }),
  );
  output.release();
  // For a log collector; a person at a terminal has just read the banner.
  if (format === "json") log.info({ port: app.port, database: config.DATABASE_PATH }, "Spreekuur is running");
  const stop = async () => {
    await app.stop();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    // One line that says what to do; the start's held log lines would only bury it.
    output.discard();
    console.error(error.message);
  } else {
    output.release();
    console.error(error);
  }
  process.exit(1);
});
