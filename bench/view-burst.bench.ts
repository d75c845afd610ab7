// A burst of sign-up forms: BENCH_FORMS (500) members submit the roster-name modal (view_submission) at the same
// moment for one session with 20 places, through the real Slack HTTP path (signature check, Bolt, the form check,
// the ack; the sign-ups and DMs follow in the work lane), against bare Bolt acking the same burst with an empty
// handler. Slack shows the member an error for an ack later than 3 s. Prints ack latency p50/p95/p99 of both,
// the ratio, how many acks took over 3 s, and (after the work lane is done) confirmed sign-ups and DMs sent.
// The fake Web API runs in its own process, as Slack would.
import { Agent } from "node:http";
import { App, HTTPReceiver } from "@slack/bolt";
import { startApp } from "../adapters/app.js";
import { HttpServer } from "../adapters/http/server.js";
import { boltLogger } from "../adapters/slack/bolt-logger.js";
import { webApiClientOptions } from "../adapters/slack/errors.js";
import { encodeMetadata, formCallbackId } from "../adapters/slack/render-modal.js";
import { ManualClock } from "../src/clock.js";
import { parseSessionsCsv } from "../src/domain/session-import.js";
import { silentLogger } from "../src/log.js";
import { importSessions } from "../src/services/session-service.js";
import { testConfig } from "../tests/support/app-config.js";
import { june2027, sessionsCsv, tempDatabasePath } from "../tests/support/driver.js";
import {
  botToken,
  type SlackRequest,
  selectValue,
  signingSecret,
  textValue,
  viewSubmission,
} from "../tests/support/slack-requests.js";
import { spawnFake, stopFake } from "./fake-processes.js";
import { postSigned } from "./signed-post.js";

const forms = Number(process.env.BENCH_FORMS ?? 500);
const places = 20;
const agent = new Agent({ keepAlive: true, maxSockets: forms });

const send = (url: URL, req: SlackRequest) => postSigned(agent, url, req);

interface Result {
  name: string;
  p50: number;
  p95: number;
  p99: number;
  over3s: number;
  failures: number;
}

/** All requests at once; the latency of each is from its start to its ack. */
async function burst(name: string, url: string, requests: SlackRequest[]): Promise<Result> {
  const target = new URL(url);
  const latencies: number[] = [];
  let failures = 0;
  await Promise.all(
    requests.map(async (req) => {
      const t0 = performance.now();
      const status = await send(target, req);
      latencies.push(performance.now() - t0);
      if (status !== 200) failures++;
    }),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  const over3s = latencies.filter((l) => l > 3000).length;
  return { name, p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), over3s, failures };
}

const formsFor = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) =>
    viewSubmission(
      `${prefix}${i}`,
      { id: `V${prefix}${i}`, private_metadata: encodeMetadata({ a: "signup.profile", v: "BURST" }) },
      { ...textValue("roster_name", `Dokter ${prefix}${i}`), ...selectValue("role", "huisarts") },
    ),
  );

async function main(): Promise<void> {
  const fake = await spawnFake("./fake-slack-process.ts");
  const fakeUrl = fake.url;
  const apiUrl = `${fakeUrl}/api/`;
  const countCalls = async (method: string) => Number(await (await fetch(`${fakeUrl}/_count?method=${method}`)).text());

  const app = await startApp({
    config: testConfig({
      DATABASE_PATH: tempDatabasePath(),
      HOST: "127.0.0.1",
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: apiUrl,
    }),
    log: silentLogger,
    clock: new ManualClock(june2027),
    drainEveryMs: 3_600_000,
  });
  const parsed = parseSessionsCsv(
    sessionsCsv([
      { id: "BURST", capacity: places },
      { id: "WARM", capacity: 1000 },
    ]),
    app.core.ctx.config.BOT_TIMEZONE,
  );
  if (!parsed.ok) throw new Error("bad csv");
  importSessions(app.core.ctx, parsed.sessions, parsed.lines);

  const bareHttp = new HttpServer(silentLogger);
  const receiver = new HTTPReceiver({ signingSecret, endpoints: "/slack/events", logger: boltLogger(silentLogger) });
  const bare = new App({
    token: botToken,
    receiver,
    logger: boltLogger(silentLogger),
    clientOptions: { ...webApiClientOptions, slackApiUrl: apiUrl },
  });
  bare.view(formCallbackId, async ({ ack }) => ack());
  bareHttp.route("POST", "/slack/events", receiver.requestListener);
  const barePort = await bareHttp.listen(0, "127.0.0.1");
  const realUrl = `http://127.0.0.1:${app.port}/slack/events`;
  const bareUrl = `http://127.0.0.1:${barePort}/slack/events`;

  // Warm-up (JIT, prepared statements, sockets), on another session; its DMs finish before the burst.
  const warm = formsFor("W", 50).map((r) => ({ ...r, body: r.body.replace(/BURST/g, "WARM") }));
  await burst("warm-up bare", bareUrl, formsFor("WB", 50));
  await burst("warm-up real", realUrl, warm);
  while ((await countCalls("chat.postMessage")) < 50) await new Promise((r) => setTimeout(r, 20));

  const bareResult = await burst("bare Bolt, empty ack", bareUrl, formsFor("B", forms));
  const started = performance.now();
  const realResult = await burst("Spreekuur sign-up form", realUrl, formsFor("G", forms));
  // The DMs follow the acks; give up waiting after a minute (the count below then shows what is missing).
  const until = performance.now() + 60_000;
  while ((await countCalls("chat.postMessage")) < 50 + forms && performance.now() < until) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const dms = (await countCalls("chat.postMessage")) - 50;
  const endToEnd = (performance.now() - started) / 1000;
  const count = (sql: string) => (app.core.ctx.db.prepare(sql).get() as { n: number }).n;
  const confirmed = count("SELECT count(*) AS n FROM signups WHERE session_id = 'BURST' AND status = 'confirmed'");
  const waitlisted = count("SELECT count(*) AS n FROM signups WHERE session_id = 'BURST' AND status = 'waitlisted'");

  const line = (r: Result) =>
    `${r.name.padEnd(24)} p50 ${r.p50.toFixed(0).padStart(5)} ms  p95 ${r.p95.toFixed(0).padStart(5)} ms  p99 ${r.p99.toFixed(0).padStart(5)} ms  over 3 s: ${r.over3s}  non-200: ${r.failures}`;
  console.log(`burst: ${forms} view_submissions at once, one session with ${places} places, 127.0.0.1`);
  console.log(line(bareResult));
  console.log(line(realResult));
  console.log(
    `p99 ratio (Spreekuur / bare Bolt): ${(realResult.p99 / bareResult.p99).toFixed(2)}; Spreekuur p99 ${realResult.p99.toFixed(0)} ms (aim < 1000 ms, none over 3 s)`,
  );
  console.log(
    `after the acks: ${confirmed} confirmed, ${waitlisted} waitlisted, ${dms} of ${forms} DMs sent ${endToEnd.toFixed(1)} s after the burst began`,
  );

  agent.destroy();
  await bareHttp.close();
  await app.stop();
  await stopFake(fake);
}

await main();
