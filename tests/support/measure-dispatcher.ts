// Measures the dispatcher alone against the fake platform (not the end-to-end benchmark, which needs the real
// adapters): `[INFLIGHT=16] npx tsx tests/support/measure-dispatcher.ts <recipients> <allowed per second>`.
// Prints achieved vs allowed rate, 429s, duplicates, lost and peak RSS (of this process, fake included).
import { systemClock } from "../../src/clock.js";
import { loadCoreConfig } from "../../src/config/core-config.js";
import { ensureMember } from "../../src/domain/members.js";
import { enqueue } from "../../src/domain/outbox.js";
import { silentLogger } from "../../src/log.js";
import { Dispatcher } from "../../src/services/delivery/dispatcher.js";
import { openDatabase } from "../../src/storage/db.js";
import { tempDatabasePath } from "./driver.js";
import { FakePlatform } from "./fake-platform.js";
import { HttpTestAdapter } from "./http-test-adapter.js";

const n = Number(process.argv[2] ?? 3000);
const rate = Number(process.argv[3] ?? 200);
const config = loadCoreConfig({ DATABASE_PATH: tempDatabasePath() });
const ctx = { db: openDatabase(config.DATABASE_PATH), config, clock: systemClock, log: silentLogger };
const now = Date.now();
ctx.db.transaction(() => {
  for (let i = 0; i < n; i++) {
    const m = ensureMember(ctx.db, "teams", `u${i}`, now, `c${i}`);
    enqueue(
      ctx.db,
      {
        dedupeKey: `b:${i}`,
        kind: "b",
        to: { platform: "teams", conversation: `c${i}` },
        memberId: m.id,
        reply: { text: "x" },
        notBefore: now,
      },
      now,
    );
  }
})();
const fake = new FakePlatform({ ratePerSecond: rate, conversationRatePerSecond: 7 });
const d = new Dispatcher(ctx, new HttpTestAdapter(await fake.listen()), {
  rates: { ratePerSecond: rate, conversationRatePerSecond: 7 },
  maxInFlight: Number(process.env.INFLIGHT ?? 16),
  idleMs: 50,
});
let peak = 0;
const t = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);
const start = Date.now();
d.start();
await d.drained();
await d.stop();
const secs = (Date.now() - start) / 1000;
clearInterval(t);
const dup = [...fake.received.values()].reduce((s, v) => s + v - 1, 0);
const lost = n - fake.received.size;
const achieved = d.stats.sent / (((d.stats.lastSendAt ?? 0) - (d.stats.firstSendAt ?? 0)) / 1000);
console.log(
  JSON.stringify({
    n,
    allowed: rate,
    achieved: achieved.toFixed(1),
    ratio: (achieved / rate).toFixed(3),
    requests: fake.requests,
    too_many: fake.tooMany,
    pct429: ((100 * fake.tooMany) / fake.requests).toFixed(2),
    dup,
    lost,
    peakRssMB: (peak / 1e6).toFixed(0),
    secs,
  }),
);
await fake.close();
