// The composition root: reads the environment, starts the app, and stops cleanly on a signal.
import { loadCoreConfig } from "../src/config.js";
import { ConfigError } from "../src/env.js";
import { createLogger } from "../src/log.js";
import { startApp } from "./app.js";

async function main(): Promise<void> {
  const config = loadCoreConfig();
  const log = createLogger(config.LOG_LEVEL);
  const app = await startApp({ config, log });
  log.info({ port: app.port, database: config.DATABASE_PATH }, "Spreekuur is running");
  console.log(`Spreekuur luistert op http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${app.port}/`);
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
