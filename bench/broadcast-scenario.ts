// One organiser broadcast to members in several Slack workspaces and Teams tenants, queued through the broadcast
// service and drained by the app's own dispatchers (one lane per workspace) through the real Slack adapter (OAuth
// mode: each workspace's sealed token from the installation store) and the real Teams adapter (CloudAdapter, each
// tenant's conversation references). The fakes run in their own processes and enforce the limits per workspace and
// per tenant; faults (a workspace answering 429 for a while, a token revoked mid-way) are set over their control
// routes. What each workspace was really given is counted on the fakes' side.
import { randomBytes } from "node:crypto";
import { Agent } from "node:http";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { startApp } from "../adapters/app.js";
import { deliveryReport } from "../src/domain/broadcasts.js";
import type { WorkspaceDelivery } from "../src/domain/delivery-report.js";
import { silentLogger } from "../src/log.js";
import { queueBroadcast } from "../src/services/broadcast-queue.js";
import { createDraft } from "../src/services/broadcasts.js";
import { testConfig } from "../tests/support/app-config.js";
import { tempDatabasePath } from "../tests/support/driver.js";
import { fakeClient } from "../tests/support/fake-slack-workspaces.js";
import type { LimitStats, RateLimits } from "../tests/support/rate-limits.js";
import { eventCallback, signingSecret } from "../tests/support/slack-requests.js";
import { type BenchPlace, type SlackInstall, seedPlaces } from "./broadcast-seed.js";
import { startDrainProfile } from "./drain-profile.js";
import { type FakeProcess, fakeStats, spawnFake, stopFake } from "./fake-processes.js";
import { postSigned } from "./signed-post.js";

/** Slack: chat.postMessage about 1/s per channel and a workspace-wide rate; scaled up from several hundred a minute. */
export const slackLimits: RateLimits = {
  ratePerSecond: Number(process.env.BENCH_SLACK_RATE ?? 125),
  conversationRatePerSecond: 1,
  retryAfterSeconds: 1,
};
/** Teams: 50/s per tenant scaled up five-fold; per conversation 7/s and the fake's longer windows, as they are. */
export const teamsLimits: RateLimits = {
  ratePerSecond: Number(process.env.BENCH_TEAMS_RATE ?? 250),
  conversationRatePerSecond: 7,
  retryAfterSeconds: 1,
};

export interface Faults {
  /** This Slack workspace answers 429 for `seconds`, from `afterMs` after the broadcast was queued. */
  limit?: { workspace: string; afterMs: number; seconds: number };
  /** This Slack workspace's token is revoked once it was given `afterSent` messages (Slack then sends the event). */
  revoke?: { workspace: string; afterSent: number };
}

export interface PlaceResult {
  place: BenchPlace;
  allowedPerSecond: number;
  /** What the fake counted for the workspace or tenant. */
  stats: LimitStats;
  /** The bot's own delivery report for it. */
  delivery: WorkspaceDelivery | undefined;
}

export interface RunResult {
  results: PlaceResult[];
  queued: number;
  queueMs: number;
  seconds: number;
  rssAtStartMb: number;
  heapAtStartMb: number;
  peakRssMb: number;
  /** Identities the run marked unreachable (a fault of the app must mark none). */
  unreachable: number;
  timedOut: boolean;
  /** The bot process's CPU (user + system) from the queueing to the end, per message given. */
  cpuMsPerMessage: number;
  /** The main thread's event-loop utilisation over the same time (1: never idle, CPU-bound). */
  eventLoopUtilisation: number;
  /** How late the event loop ran timers meanwhile (ms): the pacer's starts are that late too. */
  loopDelayMs: { p50: number; p99: number; max: number };
  peakHeapMb: number;
  heapAfterGcMb: number | undefined;
}

const timeLimitMs = 10 * 60_000;
const emptyStats: LimitStats = {
  requests: 0,
  tooMany: 0,
  accepted: 0,
  recipients: 0,
  duplicates: 0,
  firstAcceptedAt: 0,
  lastAcceptedAt: 0,
};
const mb = (bytes: number) => Math.round(bytes / 1e6);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function control(fake: FakeProcess, route: string, query: Record<string, string>): Promise<unknown> {
  if (!fake.control) throw new Error("the fake Slack prints no control URL");
  const response = await fetch(`${fake.control}/_control/${route}?${new URLSearchParams(query)}`, { method: "POST" });
  if (!response.ok) throw new Error(`control ${route}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Each Slack workspace installed on the fake: its bot token and bot user. */
async function installOnFake(fake: FakeProcess, places: BenchPlace[]): Promise<Map<string, SlackInstall>> {
  const installs = new Map<string, SlackInstall>();
  for (const place of places.filter((p) => p.platform === "slack")) {
    const made = (await control(fake, "add-workspace", { team: place.workspace, name: place.name })) as SlackInstall;
    installs.set(place.workspace, made);
  }
  return installs;
}

/** What the fakes counted, per workspace (Slack) and per tenant (the connector). */
async function placeStats(slack: FakeProcess, teams: FakeProcess) {
  const s = await fakeStats<{ workspaces: Record<string, LimitStats> }>(slack.url);
  const t = await fakeStats<{ tenants: Record<string, LimitStats> }>(teams.url);
  return (place: BenchPlace): LimitStats =>
    (place.platform === "slack" ? s.workspaces?.[place.workspace] : t.tenants?.[place.workspace]) ?? emptyStats;
}

const sumAccepted = (results: PlaceResult[]) => results.reduce((n, r) => n + r.stats.accepted, 0);

export async function runBroadcast(places: BenchPlace[], faults: Faults = {}): Promise<RunResult> {
  const slackFake = await spawnFake("./fake-slack-process.ts", slackLimits);
  const teamsFake = await spawnFake("./fake-connector-process.ts", teamsLimits);
  const installs = await installOnFake(slackFake, places);
  const config = testConfig({
    DATABASE_PATH: tempDatabasePath(),
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    SLACK_RATE_PER_SECOND: String(slackLimits.ratePerSecond),
    SLACK_CHANNEL_RATE_PER_SECOND: String(slackLimits.conversationRatePerSecond),
    TEAMS_RATE_PER_SECOND: String(teamsLimits.ratePerSecond),
    TEAMS_CONVERSATION_RATE_PER_SECOND: String(teamsLimits.conversationRatePerSecond),
    DELIVERY_MAX_IN_FLIGHT: process.env.DELIVERY_MAX_IN_FLIGHT,
    PUBLIC_URL: "https://bench.test",
    // The OAuth mode: installs in many workspaces, each token sealed under TOKEN_ENCRYPTION_KEY.
    SLACK_CLIENT_ID: fakeClient.id,
    SLACK_CLIENT_SECRET: fakeClient.secret,
    SLACK_STATE_SECRET: randomBytes(24).toString("base64url"),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: `${slackFake.url}/api/`,
  });
  if (config.slack?.mode !== "oauth") throw new Error("the bench needs Slack's OAuth mode");
  const app = await startApp({ config, log: silentLogger, drainEveryMs: 200, scheduler: false });
  const { ctx } = app.core;
  const rssAtStart = process.memoryUsage().rss;
  const heapAtStart = process.memoryUsage().heapUsed;
  seedPlaces(ctx.db, places, { installs, keys: config.slack.tokenKeys, serviceUrl: `${teamsFake.url}/` });

  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    const memory = process.memoryUsage();
    peakRss = Math.max(peakRss, memory.rss);
    peakHeap = Math.max(peakHeap, memory.heapUsed);
  }, 100);
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const profile = await startDrainProfile();
  const started = Date.now();
  const cpuBefore = process.cpuUsage();
  const eluBefore = performance.eventLoopUtilization();
  const id = createDraft(ctx, {
    createdBy: "bench",
    text: "Nieuwe denksessies in het voorjaar: meld u aan via de knop hieronder.",
    audience: { kind: "everyone" },
    urgent: true,
    locale: "nl",
  });
  const queued = queueBroadcast(ctx, id, "bench") ?? 0;
  const queueMs = Date.now() - started;

  const limit = faults.limit;
  const limitTimer =
    limit &&
    setTimeout(() => {
      void control(slackFake, "limit", { team: limit.workspace, seconds: String(limit.seconds) });
    }, limit.afterMs);
  let revoked = false;
  const agent = new Agent({ keepAlive: true });
  let timedOut = false;
  for (;;) {
    await sleep(500);
    const revoke = faults.revoke;
    if (revoke && !revoked) {
      const given = (await placeStats(slackFake, teamsFake))({
        platform: "slack",
        workspace: revoke.workspace,
      } as BenchPlace);
      if (given.accepted >= revoke.afterSent) {
        revoked = true;
        await control(slackFake, "revoke", { team: revoke.workspace, error: "token_revoked" });
        // As Slack does: the revocation also arrives as an event, which holds the workspace's messages.
        const botUser = installs.get(revoke.workspace)?.botUserId ?? "";
        const event = eventCallback({ type: "tokens_revoked", tokens: { bot: [botUser] } });
        const body = JSON.parse(event.body) as Record<string, unknown>;
        const authorizations = [{ team_id: revoke.workspace, user_id: botUser, is_bot: true }];
        const signed = { ...event, body: JSON.stringify({ ...body, team_id: revoke.workspace, authorizations }) };
        const status = await postSigned(agent, new URL(`http://127.0.0.1:${app.port}/slack/events`), signed);
        if (status !== 200) console.log(`the tokens_revoked event was answered ${status}`);
      }
    }
    const report = deliveryReport(ctx.db, id);
    // Done when every workspace is through; a revoked one is through when all it has left is paused.
    if (report.waiting === report.paused) break;
    if (Date.now() - started > timeLimitMs) {
      timedOut = true;
      break;
    }
  }
  const cpu = process.cpuUsage(cpuBefore);
  const elu = performance.eventLoopUtilization(eluBefore);
  loopDelay.disable();
  // With --expose-gc: what the drain left on the heap once the garbage is collected (a leak stays).
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapAfterGcMb = gc ? mb(process.memoryUsage().heapUsed) : undefined;
  await profile.stop();
  clearInterval(sampler);
  if (limitTimer) clearTimeout(limitTimer);
  agent.destroy();
  const seconds = (Date.now() - started) / 1000;
  const report = deliveryReport(ctx.db, id);
  const statsOf = await placeStats(slackFake, teamsFake);
  const results = places.map((place) => ({
    place,
    allowedPerSecond: (place.platform === "slack" ? slackLimits : teamsLimits).ratePerSecond,
    stats: statsOf(place),
    delivery: report.workspaces.find((w) => w.platform === place.platform && w.workspace === place.workspace),
  }));
  const unreachable =
    ctx.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM identities WHERE reachable = 0").get()?.n ?? 0;
  await app.stop();
  for (const fake of [slackFake, teamsFake]) await stopFake(fake);
  return {
    results,
    queued,
    queueMs,
    seconds,
    rssAtStartMb: mb(rssAtStart),
    heapAtStartMb: mb(heapAtStart),
    peakRssMb: mb(peakRss),
    unreachable,
    timedOut,
    cpuMsPerMessage: (cpu.user + cpu.system) / 1000 / Math.max(1, sumAccepted(results)),
    eventLoopUtilisation: elu.utilization,
    loopDelayMs: {
      p50: loopDelay.percentile(50) / 1e6,
      p99: loopDelay.percentile(99) / 1e6,
      max: loopDelay.max / 1e6,
    },
    peakHeapMb: mb(peakHeap),
    heapAfterGcMb,
  };
}
