import type { Clock } from "../clock.js";
import type { CoreConfig } from "../config/core-config.js";
import type { Logger } from "../log.js";
import type { Db } from "../storage/db.js";

/** What every core service needs: the database, the settings, the time and a logger. */
export interface CoreContext {
  db: Db;
  config: CoreConfig;
  clock: Clock;
  log: Logger;
  /** Where browsers reach the bot's pages now (the app's bound port when PUBLIC_URL is unset); CLI: unset. */
  publicUrl?: () => string;
}
