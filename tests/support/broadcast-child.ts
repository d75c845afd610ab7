// Runs one platform's dispatcher against the fake platform until the outbox is empty: the process the
// crash test kills with SIGKILL and starts again.

import { loadConfig } from "../../adapters/config.js";
import { systemClock } from "../../src/clock.js";
import { silentLogger } from "../../src/log.js";
import { Dispatcher } from "../../src/services/delivery/dispatcher.js";
import { openDatabase } from "../../src/storage/db.js";
import { HttpTestAdapter } from "./http-test-adapter.js";

const settings = loadConfig(process.env);
const config = settings.core;
const db = openDatabase(config.DATABASE_PATH);
const ctx = { db, config, clock: systemClock, log: silentLogger };
// Paced at the Teams adapter's rates from the settings (TEAMS_RATE_PER_SECOND), as the bot would be.
const { rates } = settings.teams;
const dispatcher = new Dispatcher(ctx, new HttpTestAdapter(process.env.FAKE_URL ?? "", "teams", rates), {
  idleMs: 50,
});
dispatcher.start();
await dispatcher.drained();
await dispatcher.stop();
db.close();
process.stdout.write(`${JSON.stringify(dispatcher.stats)}\n`);
