// Sign-up invokes through the real POST /api/messages (core, SQLite, renderer) against a bare CloudAdapter with an
// empty handler on the same kind of server, same load generator, same run. Prints throughput, p50/p99 and the ratio.
// A third line sends a near-empty core action ("keep my place") down the same path, separating the adapter's cost
// from the core's sign-up work. Then a paced open loop (BENCH_RATE, 100/s, BENCH_PACED requests): latency at a
// steady rate. Ratios are taken within each round (bare, then real, alternating) and the median round is shown.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startApp } from "../adapters/app.js";
import { readBody } from "../adapters/http/server.js";
import { requestShim, responseShim } from "../adapters/teams/express-shim.js";
import { createCloudAdapter } from "../adapters/teams/mount.js";
import { parseSessionsCsv } from "../src/domain/session-import.js";
import { silentLogger } from "../src/log.js";
import { importSessions } from "../src/services/session-service.js";
import { testConfig } from "../tests/support/app-config.js";
import { sessionsCsv, tempDatabasePath } from "../tests/support/driver.js";
import { FakeConnector } from "../tests/support/fake-connector.js";

const concurrency = 8;
const requests = Number(process.env.BENCH_REQUESTS ?? 3000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const pacedRate = Number(process.env.BENCH_RATE ?? 100);
const pacedCount = Number(process.env.BENCH_PACED ?? 500);
/** Capacity is at most 1000 a session: enough sessions that every sign-up in the run is confirmed. */
const sessionCount = Math.ceil((requests * rounds + 300 + pacedCount) / 900);

let userCounter = 0;
type Verb = "signup.profile" | "signup.cancel.keep";

function invoke(serviceUrl: string, verb: Verb): string {
  const user = `29:bench-${++userCounter}`;
  return JSON.stringify({
    type: "invoke",
    name: "adaptiveCard/action",
    id: `f:${userCounter}`,
    channelId: "msteams",
    serviceUrl,
    locale: "nl-NL",
    from: { id: user },
    recipient: { id: "28:bot" },
    conversation: { id: `a:${user}`, conversationType: "personal", tenantId: "t" },
    value: {
      action: {
        type: "Action.Execute",
        verb,
        data: {
          actionId: verb,
          value: `BIG${userCounter % sessionCount}`,
          roster_name: `Dokter ${userCounter}`,
          role: "huisarts",
        },
      },
      trigger: "manual",
    },
  });
}

/** A bounded concurrent loop of POSTs; latencies in ms. */
async function load(
  url: string,
  count: number,
  serviceUrl: string,
  verb: Verb = "signup.profile",
): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      next++;
      const body = invoke(serviceUrl, verb);
      const t = performance.now();
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { seconds: (performance.now() - started) / 1000, latencies };
}

/** Open loop: request i starts at i / rate seconds, whatever the answers do. */
async function paced(url: string, count: number, serviceUrl: string, rate: number) {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const wait = started + (i * 1000) / rate - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const body = invoke(serviceUrl, "signup.profile");
      const t = performance.now();
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
      await response.text();
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      latencies.push(performance.now() - t);
    }),
  );
  return { seconds: (performance.now() - started) / 1000, latencies };
}

function stats(run: { seconds: number; latencies: number[] }) {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { perSecond: sorted.length / run.seconds, p50: at(0.5), p99: at(0.99) };
}

async function bareServer(): Promise<{ url: string; close: () => void }> {
  const cloud = createCloudAdapter(testConfig().teams, silentLogger);
  const server = createServer(async (req, res) => {
    const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    await cloud.process(requestShim(req, body), responseShim(res), async (context) => {
      await context.sendActivity({ type: "invokeResponse", value: { status: 200, body: {} } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`,
    close: () => server.close(),
  };
}

async function main(): Promise<void> {
  const connector = await new FakeConnector().start();
  const config = testConfig({
    DATABASE_PATH: tempDatabasePath(),
    LOG_LEVEL: "silent",
    PUBLIC_URL: "https://bench.test",
  });
  const app = await startApp({ config, log: silentLogger });
  const parsed = parseSessionsCsv(
    sessionsCsv(Array.from({ length: sessionCount }, (_, i) => ({ id: `BIG${i}`, capacity: 1000 }))),
    config.core.BOT_TIMEZONE,
  );
  if (!parsed.ok) throw new Error("bench sessions do not import");
  importSessions(app.core.ctx, parsed.sessions, parsed.lines);
  const bare = await bareServer();
  const real = `http://127.0.0.1:${app.port}/api/messages`;

  await load(real, 300, connector.url);
  await load(bare.url, 300, connector.url);
  const results = {
    real: [] as ReturnType<typeof stats>[],
    bare: [] as ReturnType<typeof stats>[],
    light: [] as ReturnType<typeof stats>[],
  };
  for (let round = 0; round < rounds; round++) {
    results.bare.push(stats(await load(bare.url, requests, connector.url)));
    results.real.push(stats(await load(real, requests, connector.url)));
    results.light.push(stats(await load(real, requests, connector.url, "signup.cancel.keep")));
  }
  // Rounds take turns on a shared machine: the ratio is taken within each round, and the median round is shown.
  const ratios = results.real.map((r, i) => ({ i, ratio: r.perSecond / (results.bare[i]?.perSecond ?? Number.NaN) }));
  const mid = [...ratios].sort((x, y) => x.ratio - y.ratio)[Math.floor(ratios.length / 2)];
  const r = mid && results.real[mid.i];
  const b = mid && results.bare[mid.i];
  const l = mid && results.light[mid.i];
  if (!r || !b || !l) throw new Error("no results");
  const bareP = stats(await paced(bare.url, pacedCount, connector.url, pacedRate));
  const realP = stats(await paced(real, pacedCount, connector.url, pacedRate));
  const confirmed = app.db.prepare("SELECT count(*) AS n FROM signups WHERE status = 'confirmed'").get() as {
    n: number;
  };
  const line = (name: string, s: ReturnType<typeof stats>) =>
    `${name.padEnd(34)} ${s.perSecond.toFixed(0).padStart(6)}/s  p50 ${s.p50.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms`;
  console.log(
    `${requests} requests × ${rounds} rounds, concurrency ${concurrency}; ratio per round (sign-up / bare): ${ratios.map((x) => x.ratio.toFixed(2)).join(", ")}`,
  );
  console.log("median round:");
  console.log(line("bare CloudAdapter, empty handler", b));
  console.log(line("sign-up via /api/messages", r));
  console.log(line("light core action via /api/messages", l));
  console.log(`ratio (sign-up / bare): ${(r.perSecond / b.perSecond).toFixed(2)}  (aim ≥ 0.8)`);
  const p99Ratios = results.real.map((x, i) => x.p99 / (results.bare[i]?.p99 ?? Number.NaN)).sort((x, y) => x - y);
  console.log(
    `median ack p99 ratio (sign-up / bare): ${(p99Ratios[Math.floor(p99Ratios.length / 2)] ?? 0).toFixed(2)}`,
  );
  // The same path with a core action that does almost nothing: what the adapter itself costs.
  console.log(`ratio (light action / bare): ${(l.perSecond / b.perSecond).toFixed(2)}`);
  console.log(`sign-ups stored: ${confirmed.n}`);
  console.log(`\npaced: open loop, ${pacedCount} sign-ups each at ${pacedRate}/s`);
  console.log(line("bare CloudAdapter, empty handler", bareP));
  console.log(line("sign-up via /api/messages", realP));
  console.log(
    `p99 ratio (sign-up / bare): ${(realP.p99 / bareP.p99).toFixed(2)}; sign-up p99 ${realP.p99.toFixed(1)} ms (aim < 50 ms)`,
  );
  bare.close();
  await app.stop();
  await connector.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
