// The member directory at the association's scale, through the real adapters (Bolt's Web API client, botbuilder's
// CloudAdapter) against the rate-limited fakes: a sync of BENCH_DIRECTORY_USERS (15,000) Slack accounts (users.list,
// Tier 2 scaled from 20 a minute to 20 a second) and of a Teams team of as many members (the paged members route,
// read at the per-conversation rate), then a broadcast to everyone in the directory: 30,000 accounts of whom
// BENCH_LINKED (5,000) are the same GP on both platforms (linked by e-mail hash), so 25,000 persons and 25,000
// messages, each to a member who never wrote: a DM opened (conversations.open) or a 1:1 chat created first.
// Baselines, in the same run: the fakes' allowed rates. Printed: achieved / allowed for each, and the counts.
// Knobs: BENCH_DIRECTORY_USERS, BENCH_LINKED, BENCH_SLACK_RATE (125/s), BENCH_TEAMS_RATE (250/s), as the broadcast bench.
import { startApp } from "../adapters/app.js";
import type { TeamsAdapter } from "../adapters/teams/teams-adapter.js";
import { ManualClock } from "../src/clock.js";
import type { Adapter } from "../src/contract.js";
import { syncState } from "../src/domain/directory.js";
import { silentLogger } from "../src/log.js";
import { queueBroadcast } from "../src/services/broadcast-queue.js";
import { createDraft } from "../src/services/broadcasts.js";
import { testConfig } from "../tests/support/app-config.js";
import { tempDatabasePath } from "../tests/support/driver.js";
import type { DirectoryStats } from "../tests/support/fake-slack-users.js";
import type { RateLimits } from "../tests/support/rate-limits.js";
import { botToken, signingSecret } from "../tests/support/slack-requests.js";
import { botAddedToTeam, TeamsUser, tenantId } from "../tests/support/teams-client.js";
import { fakeStats, spawnFake, stopFake } from "./fake-processes.js";

const users = Number(process.env.BENCH_DIRECTORY_USERS ?? 15_000);
const linked = Number(process.env.BENCH_LINKED ?? 5_000);
/** Tier 2 (about 20 calls a minute) scaled sixtyfold. */
const tier2PerSecond = 20;
const slackLimits: RateLimits = {
  ratePerSecond: Number(process.env.BENCH_SLACK_RATE ?? 125),
  conversationRatePerSecond: 1,
  retryAfterSeconds: 1,
};
const teamsLimits: RateLimits = {
  ratePerSecond: Number(process.env.BENCH_TEAMS_RATE ?? 250),
  conversationRatePerSecond: 7,
  retryAfterSeconds: 1,
};
const team = "19:huisartsen@thread.tacv2";
const timeLimitMs = 10 * 60_000;

const ratio = (achieved: number, allowed: number) => (achieved / allowed).toFixed(3);
const perSecond = (n: number, ms: number) => (ms > 0 ? (1000 * n) / ms : 0);

interface SlackExtra {
  methods: Record<string, number>;
  directory: DirectoryStats;
}

interface ConnectorExtra {
  created: number;
  rosterReads: number;
}

async function waitUntil(probe: () => boolean, what: string): Promise<void> {
  const started = Date.now();
  while (!probe()) {
    if (Date.now() - started > timeLimitMs) throw new Error(`time limit reached: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function main(): Promise<void> {
  // The same GPs on both: the fake connector gives its first `linked` members the Slack accounts' e-mails.
  const slack = await spawnFake("./fake-slack-process.ts", slackLimits, { users, tier2PerSecond });
  const connector = await spawnFake("./fake-connector-process.ts", teamsLimits, {
    team,
    members: users,
    tenantId,
    linked,
  });

  // The Slack sync starts with the app.
  const slackSyncStarted = Date.now();
  const app = await startApp({
    config: testConfig({
      DATABASE_PATH: tempDatabasePath(),
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      PUBLIC_URL: "https://bench.test",
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: `${slack.url}/api/`,
      SLACK_DIRECTORY_SYNC: "on",
      SLACK_DIRECTORY_CALLS_PER_MINUTE: String(tier2PerSecond * 60),
      SLACK_RATE_PER_SECOND: String(slackLimits.ratePerSecond),
      SLACK_CHANNEL_RATE_PER_SECOND: String(slackLimits.conversationRatePerSecond),
      TEAMS_RATE_PER_SECOND: String(teamsLimits.ratePerSecond),
      TEAMS_CONVERSATION_RATE_PER_SECOND: String(teamsLimits.conversationRatePerSecond),
      MEMBER_EMAIL_KEY: "bench-".repeat(8),
    }),
    log: silentLogger,
    clock: new ManualClock(Date.UTC(2027, 5, 1, 8, 0)),
    drainEveryMs: 200,
    scheduler: false,
  });
  const { db } = app.core.ctx;
  const adapter = (platform: string): Adapter => {
    const found = app.adapters.find((a) => a.platform === platform);
    if (!found) throw new Error(`${platform} not mounted`);
    return found;
  };

  await waitUntil(() => syncState(db, "slack", "T1")?.finishedAt !== undefined, "the Slack sync");
  const slackSyncMs = Date.now() - slackSyncStarted;
  const slackSync = (await fakeStats<SlackExtra>(slack.url)).directory;
  if (!slackSync) throw new Error("the fake Slack kept no directory stats");
  const pages = Math.ceil(users / 200);
  console.log(`Slack sync: ${users} accounts in ${pages} pages, ${(slackSyncMs / 1000).toFixed(1)} s`);
  console.log(
    `  users.list ${slackSync.requests} calls (${slackSync.tooMany} answered 429, ${slackSync.insideRetryAfter} inside a Retry-After)`,
  );
  const slackAchieved = perSecond(slackSync.requests - 1, slackSync.lastAt - slackSync.firstAt);
  console.log(
    `  achieved ${slackAchieved.toFixed(1)} calls/s; baseline (Tier 2 scaled) ${tier2PerSecond}/s; ratio ${ratio(slackAchieved, tier2PerSecond)}`,
  );

  // The bot is added to the Teams team: the roster is read in pages of 500.
  const teamsSyncStarted = Date.now();
  const installer = new TeamsUser(`http://127.0.0.1:${app.port}`, `${connector.url}/`, "29:installer");
  const added = await installer.post(botAddedToTeam(`${connector.url}/`, team));
  if (added.status !== 200) throw new Error(`install answered ${added.status}`);
  await (adapter("teams") as TeamsAdapter).directory.idle();
  const teamsSyncMs = Date.now() - teamsSyncStarted;
  const reads = (await fakeStats<ConnectorExtra>(connector.url)).rosterReads ?? 0;
  const teamsAchieved = perSecond(reads - 1, teamsSyncMs);
  console.log(`\nTeams sync: ${users} members in ${reads} pages, ${(teamsSyncMs / 1000).toFixed(1)} s`);
  console.log(
    `  achieved ${teamsAchieved.toFixed(1)} pages/s; baseline (the per-conversation rate) ${teamsLimits.conversationRatePerSecond}/s; ratio ${ratio(teamsAchieved, teamsLimits.conversationRatePerSecond)}`,
  );
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  console.log(
    `\ndirectory: ${count("SELECT count(*) AS n FROM identities")} accounts, ${count("SELECT count(*) AS n FROM member_reach")} persons (${count("SELECT count(*) AS n FROM identities WHERE linked_by = 'email'")} linked by e-mail)`,
  );

  // A broadcast to everyone: one message per person, each a first contact.
  const ctx = app.core.ctx;
  const started = Date.now();
  const id = createDraft(ctx, {
    createdBy: "bench",
    text: "Nieuwe denksessies in het voorjaar: meld u aan via de knop hieronder.",
    audience: { kind: "everyone" },
    urgent: true,
    locale: "nl",
  });
  const queued = queueBroadcast(ctx, id, "bench") ?? 0;
  console.log(`broadcast: queued ${queued} messages in ${Date.now() - started} ms`);
  const open = db.prepare(
    "SELECT count(*) AS n FROM outbox WHERE broadcast_id = ? AND status IN ('pending', 'sending')",
  );
  await waitUntil(() => (open.get(id) as { n: number }).n === 0, "the broadcast");
  const seconds = (Date.now() - started) / 1000;
  const byStatus = db
    .prepare("SELECT platform, status, count(*) AS n FROM outbox WHERE broadcast_id = ? GROUP BY 1, 2")
    .all(id) as { platform: string; status: string; n: number }[];
  console.log(
    `  drained in ${seconds.toFixed(1)} s: ${byStatus.map((s) => `${s.platform} ${s.status} ${s.n}`).join(", ")}`,
  );
  const slackStats = await fakeStats<SlackExtra>(slack.url);
  const teamsStats = await fakeStats<ConnectorExtra>(connector.url);
  for (const [platform, s, limits, opened] of [
    ["slack", slackStats, slackLimits, slackStats.methods?.["conversations.open"] ?? 0],
    ["teams", teamsStats, teamsLimits, teamsStats.created ?? 0],
  ] as const) {
    const spanMs = s.lastAcceptedAt - s.firstAcceptedAt;
    // Each first contact is two paced calls (open, then send) under the same workspace/tenant-wide rate.
    const calls = s.accepted + opened;
    const achieved = perSecond(calls - 1, spanMs);
    console.log(
      `  ${platform}: ${s.accepted} messages to ${s.recipients} recipients (duplicates ${s.duplicates}), ${opened} conversations opened, 429s ${s.tooMany}`,
    );
    console.log(
      `    achieved ${achieved.toFixed(1)} calls/s; baseline (the fake's limit) ${limits.ratePerSecond}/s; ratio ${ratio(achieved, limits.ratePerSecond)}`,
    );
  }
  const sent = byStatus.filter((s) => s.status === "sent").reduce((n, s) => n + s.n, 0);
  console.log(`\nsent ${sent} messages for ${users * 2} directory entries of whom ${linked} are linked pairs`);
  await app.stop();
  await stopFake(slack);
  await stopFake(connector);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
