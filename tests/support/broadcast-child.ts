// Runs one platform's dispatcher against the fake platform until the outbox is empty: the process the
// crash test kills with SIGKILL and starts again.

import { systemClock } from "../../src/clock.js";
import { loadCoreConfig } from "../../src/config/core-config.js";
import { silentLogger } from "../../src/log.js";
import { Dispatcher } from "../../src/services/delivery/dispatcher.js";
import { openDatabase } from "../../src/storage/db.js";
import { HttpTestAdapter } from "./http-test-adapter.js";

const config = loadCoreConfig(process.env);
const db = openDatabase(config.DATABASE_PATH);
const ctx = { db, config, clock: systemClock, log: silentLogger };
const dispatcher = new Dispatcher(ctx, new HttpTestAdapter(process.env.FAKE_URL ?? "", "teams"), { idleMs: 50 });
dispatcher.start();
await dispatcher.drained();
await dispatcher.stop();
db.close();
process.stdout.write(`${JSON.stringify(dispatcher.stats)}\n`);
