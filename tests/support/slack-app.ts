import { startApp } from "../../adapters/app.js";
import { ManualClock } from "../../src/clock.js";
import type { Adapter } from "../../src/contract.js";
import { parseSessionsCsv } from "../../src/domain/session-import.js";
import { silentLogger } from "../../src/log.js";
import { drainOnce } from "../../src/services/delivery/drain.js";
import { importSessions } from "../../src/services/session-service.js";
import { testConfig } from "./app-config.js";
import { june2027, tempDatabasePath } from "./driver.js";
import { FakeSlack } from "./fake-slack.js";
import { botToken, signingSecret } from "./slack-requests.js";

/** The whole bot (real core, real SQLite file, real Bolt) with Slack enabled against a fake Web API. */
export async function startSlackBot(
  options: { sessionsCsv?: string; socketMode?: boolean; env?: Record<string, string> } = {},
) {
  const fake = await new FakeSlack().start();
  if (options.socketMode) await fake.enableSocketMode();
  const clock = new ManualClock(june2027);
  const app = await startApp({
    config: testConfig({
      DATABASE_PATH: tempDatabasePath(),
      HOST: "127.0.0.1",
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: fake.apiUrl,
      ...(options.socketMode ? { SLACK_APP_TOKEN: "xapp-1-test" } : {}),
      ...options.env,
    }),
    log: silentLogger,
    clock,
    drainEveryMs: 3_600_000,
  });
  const ctx = app.core.ctx;
  if (options.sessionsCsv) {
    const parsed = parseSessionsCsv(options.sessionsCsv, ctx.config.BOT_TIMEZONE);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const outcome = importSessions(ctx, parsed.sessions, parsed.lines);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  }
  const slack = app.adapters.find((a): a is Adapter => a.platform === "slack");
  if (!slack) throw new Error("Slack adapter not mounted");
  return {
    app,
    fake,
    clock,
    slack,
    url: `http://127.0.0.1:${app.port}/slack/events`,
    /** Drains the outbox into the Slack adapter, as the app's timer does. */
    async drain(): Promise<void> {
      while ((await drainOnce(ctx, slack)) > 0) {}
    },
    count(sql: string, ...params: unknown[]): number {
      return (ctx.db.prepare(sql).get(...params) as { n: number }).n;
    },
    async stop(): Promise<void> {
      await app.stop();
      await fake.stop();
    },
  };
}

export type SlackBot = Awaited<ReturnType<typeof startSlackBot>>;
