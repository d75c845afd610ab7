// Sign-up clicks through the real Slack HTTP path (signature check, Bolt, core, SQLite, then replies to a fake
// Web API) against bare Bolt with an empty acking handler: same process, same load generator, same run.
// Two loads: a saturating closed loop (throughput ratio; acks and the end-to-end rate of replies) and a paced
// open loop (latency at a steady rate). The fake Web API runs in its own process, as Slack would.
// Knobs: BENCH_CLICKS (2000), BENCH_CONCURRENCY (16), BENCH_RATE (100/s), BENCH_PACED (500).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { Agent, request } from "node:http";
import { App, HTTPReceiver } from "@slack/bolt";
import { startApp } from "../adapters/app.js";
import { HttpServer } from "../adapters/http/server.js";
import { boltLogger } from "../adapters/slack/bolt-logger.js";
import { webApiClientOptions } from "../adapters/slack/errors.js";
import { ManualClock } from "../src/clock.js";
import { loadCoreConfig } from "../src/config.js";
import { parseSessionsCsv } from "../src/domain/session-import.js";
import { silentLogger } from "../src/log.js";
import { importSessions } from "../src/services/session-service.js";
import { june2027, sessionsCsv, tempDatabasePath } from "../tests/support/driver.js";
import { blockAction, botToken, type SlackRequest, signature, signingSecret } from "../tests/support/slack-requests.js";

const clicks = Number(process.env.BENCH_CLICKS ?? 2000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const timeLimitMs = 60_000;

interface Result {
  name: string;
  count: number;
  seconds: number;
  p50: number;
  p99: number;
  failures: number;
}

const pacedRate = Number(process.env.BENCH_RATE ?? 100);
const pacedCount = Number(process.env.BENCH_PACED ?? 500);

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function send(url: URL, req: SlackRequest): Promise<number> {
  const ts = Math.floor(Date.now() / 1000);
  return new Promise((resolve, reject) => {
    const r = request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": req.contentType,
          "content-length": Buffer.byteLength(req.body),
          "x-slack-request-timestamp": String(ts),
          "x-slack-signature": signature(signingSecret, ts, req.body),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    r.on("error", reject);
    r.end(req.body);
  });
}

/** A bounded concurrent loop: `concurrency` workers take the next request until all are sent or time is up. */
async function load(name: string, url: string, requests: SlackRequest[]): Promise<Result> {
  const target = new URL(url);
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const deadline = started + timeLimitMs;
  const worker = async () => {
    while (next < requests.length && performance.now() < deadline) {
      const req = requests[next++];
      if (!req) break;
      const t0 = performance.now();
      const status = await send(target, req);
      latencies.push(performance.now() - t0);
      if (status !== 200) failures++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return { name, count: latencies.length, seconds, p50: pct(0.5), p99: pct(0.99), failures };
}

/** Open loop: starts request i at i / rate seconds, whatever the answers do (a burst of GPs clicking). */
async function paced(name: string, url: string, requests: SlackRequest[], rate: number): Promise<Result> {
  const target = new URL(url);
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    requests.map(async (req, i) => {
      const wait = started + (i * 1000) / rate - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const t0 = performance.now();
      const status = await send(target, req);
      latencies.push(performance.now() - t0);
      if (status !== 200) failures++;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return { name, count: latencies.length, seconds, p50: pct(0.5), p99: pct(0.99), failures };
}

const clicksFor = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) =>
    blockAction({ user: `${prefix}${i}`, actionId: "signup.join", value: "BIG", channel: `D${prefix}${i}`, ts: "1.1" }),
  );

async function main(): Promise<void> {
  const fakeProcess = spawn(
    process.execPath,
    ["--import", "tsx", new URL("./fake-slack-process.ts", import.meta.url).pathname],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const [firstLine] = (await once(fakeProcess.stdout, "data")) as [Buffer];
  const fakeUrl = firstLine.toString().trim();
  const apiUrl = `${fakeUrl}/api/`;
  const countCalls = async (method: string) => Number(await (await fetch(`${fakeUrl}/_count?method=${method}`)).text());
  const env = { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: apiUrl };

  // The real path: the whole app, members who gave their name and role before (so a click signs up at once).
  const app = await startApp({
    config: { ...loadCoreConfig({ DATABASE_PATH: tempDatabasePath(), HOST: "127.0.0.1" }), PORT: 0 },
    log: silentLogger,
    clock: new ManualClock(june2027),
    drainEveryMs: 3_600_000,
    env,
  });
  const csv = sessionsCsv([
    { id: "BIG", capacity: 1000 },
    { id: "WARM", capacity: 1000 },
  ]);
  const parsed = parseSessionsCsv(csv, app.core.ctx.config.BOT_TIMEZONE);
  if (!parsed.ok) throw new Error("bad csv");
  importSessions(app.core.ctx, parsed.sessions, parsed.lines);
  for (let i = 0; i < clicks + 200 + pacedCount; i++) {
    const from = { platform: "slack" as const, user: `G${i}`, conversation: `DG${i}`, direct: true };
    app.core.handle({
      kind: "action",
      actionId: "signup.profile",
      value: "WARM",
      form: { roster_name: `Dokter ${i}`, role: "huisarts" },
      from,
    });
  }

  // The baseline: bare Bolt on the same kind of server, a handler that only acks.
  const bareHttp = new HttpServer(silentLogger);
  const receiver = new HTTPReceiver({ signingSecret, endpoints: "/slack/events", logger: boltLogger(silentLogger) });
  const bare = new App({
    token: botToken,
    receiver,
    logger: boltLogger(silentLogger),
    clientOptions: { ...webApiClientOptions, slackApiUrl: apiUrl },
  });
  bare.action({ type: "block_actions" }, async ({ ack }) => ack());
  bareHttp.route("POST", "/slack/events", receiver.requestListener);
  const barePort = await bareHttp.listen(0, "127.0.0.1");

  const realUrl = `http://127.0.0.1:${app.port}/slack/events`;
  const bareUrl = `http://127.0.0.1:${barePort}/slack/events`;
  const all = clicksFor("G", clicks + 200 + pacedCount);
  await load("warm-up bare", bareUrl, clicksFor("W", 200));
  await load("warm-up real", realUrl, all.slice(clicks, clicks + 200));
  // Let the warm-up's replies finish so they do not count below.
  while ((await countCalls("chat.update")) < 200) await new Promise((r) => setTimeout(r, 20));

  const before = await countCalls("chat.update");
  const bareResult = await load("bare Bolt, empty ack", bareUrl, clicksFor("B", clicks));
  const realStart = performance.now();
  const realResult = await load("Spreekuur sign-up click", realUrl, all.slice(0, clicks));
  while ((await countCalls("chat.update")) < before + realResult.count) await new Promise((r) => setTimeout(r, 20));
  const endToEnd = (performance.now() - realStart) / 1000;
  const signedUp = (
    app.core.ctx.db.prepare("SELECT count(*) AS n FROM signups WHERE session_id = 'BIG'").get() as {
      n: number;
    }
  ).n;

  while ((await countCalls("chat.update")) < 200 + clicks) await new Promise((r) => setTimeout(r, 20));
  const bareP = await paced("bare Bolt, empty ack", bareUrl, clicksFor("P", pacedCount), pacedRate);
  const realP = await paced("Spreekuur sign-up click", realUrl, all.slice(clicks + 200), pacedRate);

  const rate = (r: Result) => r.count / r.seconds;
  const line = (r: Result) =>
    `${r.name.padEnd(26)} ${String(r.count).padStart(5)} clicks  ${rate(r).toFixed(0).padStart(6)}/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  non-200: ${r.failures}`;
  console.log(`saturation: closed loop, concurrency ${concurrency}, ${clicks} clicks each, 127.0.0.1`);
  console.log(line(bareResult));
  console.log(line(realResult));
  console.log(
    `throughput ratio (Spreekuur / bare Bolt): ${(rate(realResult) / rate(bareResult)).toFixed(2)}  (aim ≥ 0.80)`,
  );
  console.log(`Spreekuur p99 ${realResult.p99.toFixed(1)} ms (aim < 50 ms)`);
  console.log(
    `end to end (acks plus replies and invites to the fake Web API): ${(realResult.count / endToEnd).toFixed(0)}/s; sign-ups stored (1000 places, then the waitlist): ${signedUp}`,
  );

  console.log(
    `\npaced: open loop, ${pacedCount} clicks each at ${pacedRate}/s (a burst of GPs answering an announcement)`,
  );
  console.log(line(bareP));
  console.log(line(realP));
  console.log(
    `p99 ratio (Spreekuur / bare Bolt): ${(realP.p99 / bareP.p99).toFixed(2)}; Spreekuur p99 ${realP.p99.toFixed(1)} ms (aim < 50 ms)`,
  );

  agent.destroy();
  await bareHttp.close();
  await app.stop();
  fakeProcess.kill("SIGTERM");
}

await main();
