// Sign-up clicks through the real Slack HTTP path (signature check, Bolt, core, SQLite, then replies to a fake
// Web API) against bare Bolt with an empty acking handler: same process, same load generator, same run.
// Two loads: a saturating closed loop (throughput ratio; acks and the end-to-end rate of replies) and a paced
// open loop (latency at a steady rate). The fake Web API runs in its own process, as Slack would.
// The saturating load runs in several rounds, bare and real taking turns (this machine is shared: load comes and
// goes), and reports the median round's ratio. Every click is a new member's sign-up for a session with room.
// Knobs: BENCH_CLICKS (1500 a round), BENCH_ROUNDS (3), BENCH_CONCURRENCY (16), BENCH_RATE (100/s),
// BENCH_PACED (500).
import { Agent } from "node:http";
import { App, HTTPReceiver } from "@slack/bolt";
import { startApp } from "../adapters/app.js";
import { HttpServer } from "../adapters/http/server.js";
import { boltLogger } from "../adapters/slack/bolt-logger.js";
import { webApiClientOptions } from "../adapters/slack/errors.js";
import { ManualClock } from "../src/clock.js";
import { parseSessionsCsv } from "../src/domain/session-import.js";
import { silentLogger } from "../src/log.js";
import { importSessions } from "../src/services/session-service.js";
import { testConfig } from "../tests/support/app-config.js";
import { june2027, sessionsCsv, tempDatabasePath } from "../tests/support/driver.js";
import { blockAction, botToken, type SlackRequest, signingSecret } from "../tests/support/slack-requests.js";
import { spawnFake, stopFake } from "./fake-processes.js";
import { postSigned } from "./signed-post.js";

const clicks = Number(process.env.BENCH_CLICKS ?? 1500);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
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

const send = (url: URL, req: SlackRequest) => postSigned(agent, url, req);

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

/** Capacity is at most 1000 a session: enough sessions that every click in the run is a confirmed sign-up. */
const sessionCount = Math.ceil((clicks * rounds + 200 + pacedCount) / 900);

const clicksFor = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) =>
    blockAction({
      user: `${prefix}${i}`,
      actionId: "signup.join",
      value: `BIG${i % sessionCount}`,
      channel: `D${prefix}${i}`,
      ts: "1.1",
    }),
  );

async function main(): Promise<void> {
  const fake = await spawnFake("./fake-slack-process.ts");
  const fakeUrl = fake.url;
  const apiUrl = `${fakeUrl}/api/`;
  const countCalls = async (method: string) => Number(await (await fetch(`${fakeUrl}/_count?method=${method}`)).text());

  // The real path: the whole app, members who gave their name and role before (so a click signs up at once).
  const app = await startApp({
    config: testConfig({
      DATABASE_PATH: tempDatabasePath(),
      HOST: "127.0.0.1",
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: apiUrl,
      // HTTP mode has a public address (Slack posts to it) and a kept secret: the invite is a link, not an upload.
      PUBLIC_URL: "https://spreekuur.example.org",
      CALENDAR_LINK_SECRET: "a-kept-calendar-link-secret-for-the-bench",
    }),
    log: silentLogger,
    clock: new ManualClock(june2027),
    drainEveryMs: 3_600_000,
  });
  const csv = sessionsCsv([
    ...Array.from({ length: sessionCount }, (_, i) => ({ id: `BIG${i}`, capacity: 1000 })),
    { id: "WARM", capacity: 1000 },
  ]);
  const parsed = parseSessionsCsv(csv, app.core.ctx.config.BOT_TIMEZONE);
  if (!parsed.ok) throw new Error("bad csv");
  importSessions(app.core.ctx, parsed.sessions, parsed.lines);
  const members = clicks * rounds + 200 + pacedCount;
  for (let i = 0; i < members; i++) {
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
  const all = clicksFor("G", members);
  const bareClicks = clicksFor("B", clicks * rounds);
  const replied = async (count: number) => {
    while ((await countCalls("chat.update")) < count) await new Promise((r) => setTimeout(r, 20));
  };
  await load("warm-up bare", bareUrl, clicksFor("W", 200));
  await load("warm-up real", realUrl, all.slice(0, 200));
  // Let the warm-up's replies finish so they do not count below.
  await replied(200);

  interface Round {
    bare: Result;
    real: Result;
    /** Clicks per second until the last reply reached the fake Web API. */
    endToEnd: number;
  }
  const roundResults: Round[] = [];
  let sent = 200;
  for (let round = 0; round < rounds; round++) {
    const bare = await load("bare Bolt, empty ack", bareUrl, bareClicks.slice(round * clicks, (round + 1) * clicks));
    const realStart = performance.now();
    const real = await load("Spreekuur sign-up click", realUrl, all.slice(sent, sent + clicks));
    sent += clicks;
    await replied(sent);
    roundResults.push({ bare, real, endToEnd: real.count / ((performance.now() - realStart) / 1000) });
  }
  const signedUp = (
    app.core.ctx.db
      .prepare("SELECT count(*) AS n FROM signups WHERE session_id LIKE 'BIG%' AND status = 'confirmed'")
      .get() as {
      n: number;
    }
  ).n;

  const bareP = await paced("bare Bolt, empty ack", bareUrl, clicksFor("P", pacedCount), pacedRate);
  const realP = await paced("Spreekuur sign-up click", realUrl, all.slice(sent, sent + pacedCount), pacedRate);

  const rate = (r: Result) => r.count / r.seconds;
  const line = (r: Result) =>
    `${r.name.padEnd(26)} ${String(r.count).padStart(5)} clicks  ${rate(r).toFixed(0).padStart(6)}/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  non-200: ${r.failures}`;
  const ratioOf = (r: Round) => rate(r.real) / rate(r.bare);
  const p99RatioOf = (r: Round) => r.real.p99 / r.bare.p99;
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  console.log(
    `saturation: closed loop, concurrency ${concurrency}, ${clicks} clicks each, ${rounds} rounds (bare, then real), 127.0.0.1`,
  );
  roundResults.forEach((r, i) => {
    console.log(`round ${i + 1}`);
    console.log(line(r.bare));
    console.log(line(r.real));
    console.log(
      `  throughput ratio ${ratioOf(r).toFixed(2)}, ack p99 ratio ${p99RatioOf(r).toFixed(2)}; end to end (acks, then replies to the fake Web API) ${r.endToEnd.toFixed(0)}/s`,
    );
  });
  if (!roundResults.length) throw new Error("no rounds");
  // Each ratio is taken within its round (this machine is shared: load comes and goes), then the median of them.
  console.log(
    `median throughput ratio (Spreekuur / bare Bolt): ${median(roundResults.map(ratioOf)).toFixed(2)}  (aim ≥ 0.5)`,
  );
  console.log(
    `median ack p99 ratio (Spreekuur / bare Bolt): ${median(roundResults.map(p99RatioOf)).toFixed(2)}  (aim ≤ 2)`,
  );
  const endToEnd = median(roundResults.map((r) => r.endToEnd / rate(r.bare)));
  console.log(
    `median end-to-end ratio (replies delivered / bare acks): ${endToEnd.toFixed(2)}; confirmed sign-ups stored: ${signedUp}`,
  );
  // The paced clicks' replies too, before counting the calls.
  await replied(sent + pacedCount);
  const calls = (await (await fetch(`${fakeUrl}/_stats`)).json()) as { methods: Record<string, number> };
  console.log(`Web API calls: ${JSON.stringify(calls.methods)}`);

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
  await stopFake(fake);
}

await main();
