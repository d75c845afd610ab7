// An organiser broadcast to BENCH_RECIPIENTS (15,000) members on each platform, queued through the broadcast
// service and drained by the app's own paced dispatchers through the real Slack adapter (@slack/web-api) and the
// real Teams adapter (botbuilder CloudAdapter). The fake Slack Web API and the fake Bot Framework connector run in
// their own processes and enforce the platforms' limits (scaled up so the run takes about two minutes), answering
// 429 with Retry-After beyond them. The baseline is each fake's own limit: the best any sender could achieve.
// Counted on the fakes' side: requests, 429s, duplicates and lost recipients. Peak RSS is this (the bot's) process.
// Knobs: BENCH_RECIPIENTS (15000), BENCH_SLACK_RATE (125/s), BENCH_TEAMS_RATE (250/s).
import { startApp } from "../adapters/app.js";
import { saveReference } from "../adapters/teams/conversation-refs.js";
import { ensureMember } from "../src/domain/members.js";
import { silentLogger } from "../src/log.js";
import { queueBroadcast } from "../src/services/broadcast-queue.js";
import { createDraft } from "../src/services/broadcasts.js";
import { inTransaction } from "../src/storage/db.js";
import { testConfig } from "../tests/support/app-config.js";
import { tempDatabasePath } from "../tests/support/driver.js";
import type { RateLimits } from "../tests/support/rate-limits.js";
import { botToken, signingSecret } from "../tests/support/slack-requests.js";
import { fakeStats, spawnFake, stopFake } from "./fake-processes.js";

const recipients = Number(process.env.BENCH_RECIPIENTS ?? 15_000);
/** Slack: chat.postMessage about 1/s per channel and a workspace-wide rate; scaled up from several hundred a minute. */
const slackLimits: RateLimits = {
  ratePerSecond: Number(process.env.BENCH_SLACK_RATE ?? 125),
  conversationRatePerSecond: 1,
  retryAfterSeconds: 1,
};
/** Teams: 50/s per tenant scaled up five-fold; 7/s per conversation as is. */
const teamsLimits: RateLimits = {
  ratePerSecond: Number(process.env.BENCH_TEAMS_RATE ?? 250),
  conversationRatePerSecond: 7,
  retryAfterSeconds: 1,
};
const timeLimitMs = 10 * 60_000;

const mb = (bytes: number) => (bytes / 1e6).toFixed(0);

async function main(): Promise<void> {
  const slackFake = await spawnFake("./fake-slack-process.ts", slackLimits);
  const teamsFake = await spawnFake("./fake-connector-process.ts", teamsLimits);
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
    SLACK_BOT_TOKEN: botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: `${slackFake.url}/api/`,
  });
  const app = await startApp({ config, log: silentLogger, drainEveryMs: 200, scheduler: false });
  const { ctx } = app.core;
  const rssAtStart = process.memoryUsage().rss;

  // Members as the adapters store them: Slack members with their DM channel, Teams members with the conversation
  // reference of their personal chat (what a proactive message needs).
  const now = Date.now();
  inTransaction(ctx.db, () => {
    for (let i = 0; i < recipients; i++) {
      ensureMember(ctx.db, "slack", `U${i}`, now, `D${i}`);
      const user = `29:member-${i}`;
      const conversation = `a:dm-${i}`;
      ensureMember(ctx.db, "teams", user, now, conversation);
      saveReference(
        ctx.db,
        {
          channelId: "msteams",
          serviceUrl: `${teamsFake.url}/`,
          conversation: {
            id: conversation,
            name: "",
            conversationType: "personal",
            tenantId: "tenant-1",
            isGroup: false,
          },
          user: { id: user, name: "" },
          bot: { id: "28:spreekuur", name: "Spreekuur" },
        },
        user,
        now,
      );
    }
  });

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);

  const started = Date.now();
  const id = createDraft(ctx, {
    createdBy: "bench",
    text: "Nieuwe denksessies in het voorjaar: meld u aan via de knop hieronder.",
    audience: { kind: "everyone" },
    urgent: true,
    locale: "nl",
  });
  const queued = queueBroadcast(ctx, id, "bench");
  console.log(`RSS: ${mb(rssAtStart)} MB after start, ${mb(process.memoryUsage().rss)} MB with the broadcast queued`);
  console.log(`queued ${queued} messages (${recipients} per platform) in ${Date.now() - started} ms`);

  const open = ctx.db.prepare(
    "SELECT count(*) AS n FROM outbox WHERE broadcast_id = ? AND status IN ('pending', 'sending')",
  );
  const byStatus = ctx.db.prepare(
    "SELECT platform, status, count(*) AS n FROM outbox WHERE broadcast_id = ? GROUP BY platform, status",
  );
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if ((open.get(id) as { n: number }).n === 0) break;
    if (Date.now() - started > timeLimitMs) {
      console.log("time limit reached; not everything was sent");
      break;
    }
  }
  clearInterval(sampler);
  const seconds = (Date.now() - started) / 1000;
  const statuses = byStatus.all(id) as { platform: string; status: string; n: number }[];

  console.log(`drained in ${seconds.toFixed(1)} s; peak RSS of the bot process ${(peakRss / 1e6).toFixed(0)} MB`);
  for (const [platform, fake, limits] of [
    ["slack", slackFake, slackLimits],
    ["teams", teamsFake, teamsLimits],
  ] as const) {
    const stats = await fakeStats<{ methods: Record<string, number> }>(fake.url);
    const spanSeconds = (stats.lastAcceptedAt - stats.firstAcceptedAt) / 1000;
    const achieved = spanSeconds > 0 ? (stats.accepted - 1) / spanSeconds : 0;
    const outbox = statuses
      .filter((s) => s.platform === platform)
      .map((s) => `${s.status} ${s.n}`)
      .join(", ");
    const opened = stats.methods?.["conversations.open"];
    console.log(`\n${platform}: baseline (the fake's limit) ${limits.ratePerSecond}/s workspace/tenant-wide`);
    console.log(
      `  achieved ${achieved.toFixed(1)}/s over ${spanSeconds.toFixed(1)} s; ratio achieved/allowed ${(achieved / limits.ratePerSecond).toFixed(3)}  (aim ≥ 0.95)`,
    );
    console.log(
      `  requests ${stats.requests}, 429s ${stats.tooMany} (${((100 * stats.tooMany) / Math.max(1, stats.requests)).toFixed(2)} %, aim ≤ 1 %)`,
    );
    console.log(
      `  delivered ${stats.accepted} to ${stats.recipients} recipients: duplicates ${stats.duplicates}, lost ${recipients - stats.recipients}`,
    );
    if (platform === "slack") console.log(`  conversations.open calls ${opened ?? 0}`);
    console.log(`  outbox: ${outbox}`);
  }
  console.log(`\npeak RSS ${(peakRss / 1e6).toFixed(0)} MB (aim ≤ 200 MB)`);

  await app.stop();
  for (const fake of [slackFake, teamsFake]) await stopFake(fake);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
