import { type App, startApp } from "../../adapters/app.js";
import type { TeamsAdapter } from "../../adapters/teams/teams-adapter.js";
import { ManualClock } from "../../src/clock.js";
import type { Adapter } from "../../src/contract.js";
import { parseSessionsCsv } from "../../src/domain/session-import.js";
import { silentLogger } from "../../src/log.js";
import { importSessions } from "../../src/services/session-service.js";
import { testConfig } from "./app-config.js";
import { june2027, tempDatabasePath } from "./driver.js";
import { FakeConnector } from "./fake-connector.js";
import type { RateLimits } from "./rate-limits.js";
import { TeamsUser } from "./teams-client.js";

// The whole app on a random port with a fake Bot Framework connector beside it.

export class TeamsHarness {
  readonly clock = new ManualClock(june2027);
  readonly connector: FakeConnector;
  app!: App & { port: number };

  private constructor(limits?: RateLimits) {
    this.connector = new FakeConnector(limits);
  }

  /** The app and a fake connector; given limits, the fake enforces them per tenant and per conversation. */
  static async start(
    env: Record<string, string> = {},
    sessionsCsv?: string,
    limits?: RateLimits,
  ): Promise<TeamsHarness> {
    const harness = new TeamsHarness(limits);
    await harness.connector.start();
    const config = testConfig({ DATABASE_PATH: tempDatabasePath(), PUBLIC_URL: "https://spreekuur.test", ...env });
    harness.app = await startApp({
      config,
      log: silentLogger,
      clock: harness.clock,
      drainEveryMs: 3_600_000,
    });
    if (sessionsCsv) {
      const parsed = parseSessionsCsv(sessionsCsv, config.core.BOT_TIMEZONE);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      importSessions(harness.app.core.ctx, parsed.sessions, parsed.lines);
    }
    return harness;
  }

  get url(): string {
    return `http://127.0.0.1:${this.app.port}`;
  }

  get teams(): Adapter {
    const adapter = this.app.adapters.find((a) => a.platform === "teams");
    if (!adapter) throw new Error("Teams adapter not mounted");
    return adapter;
  }

  user(id: string, locale?: string): TeamsUser {
    return new TeamsUser(this.url, this.connector.url, id, undefined, locale);
  }

  /** Resolves when no team roster sync is under way. */
  rostersSynced(): Promise<void> {
    return (this.teams as TeamsAdapter).directory.idle();
  }

  /** A member whose activities come from `tenant`. */
  userIn(tenant: string, id: string): TeamsUser {
    return new TeamsUser(this.url, this.connector.url, id, undefined, undefined, tenant);
  }

  async stop(): Promise<void> {
    await this.app.stop();
    await this.connector.stop();
  }
}
