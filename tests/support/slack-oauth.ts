import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { type App, startApp } from "../../adapters/app.js";
import { ManualClock } from "../../src/clock.js";
import { tokenKeysFrom } from "../../src/config/token-key-config.js";
import { findInstallation, type Installation } from "../../src/domain/installations.js";
import { type Logger, silentLogger } from "../../src/log.js";
import { createSecretBox } from "../../src/services/secret-box.js";
import { testConfig } from "./app-config.js";
import { june2027, tempDatabasePath } from "./driver.js";
import { FakeSlack } from "./fake-slack.js";
import { fakeClient } from "./fake-slack-workspaces.js";
import { signingSecret } from "./slack-requests.js";

// The bot in OAuth mode (installs in many workspaces) against the fake Slack: Bolt's installer trades codes at the
// fake's oauth.v2.access, and the browser's side of the install (the state cookie) is played by `Browser`.

export const stateSecret = "state-secret-for-the-tests";
export const newKey = () => randomBytes(32).toString("base64");

export interface OAuthBotOptions {
  key?: string;
  oldKeys?: string;
  databasePath?: string;
  locale?: "nl" | "en";
  /** A fake Slack to reuse (a restart of the bot). */
  fake?: FakeSlack;
  log?: Logger;
}

export async function startOAuthBot(options: OAuthBotOptions = {}) {
  const fake = options.fake ?? (await new FakeSlack().start());
  const key = options.key ?? newKey();
  const databasePath = options.databasePath ?? tempDatabasePath();
  const env = {
    DATABASE_PATH: databasePath,
    HOST: "127.0.0.1",
    SLACK_CLIENT_ID: fakeClient.id,
    SLACK_CLIENT_SECRET: fakeClient.secret,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_STATE_SECRET: stateSecret,
    TOKEN_ENCRYPTION_KEY: key,
    TOKEN_ENCRYPTION_OLD_KEYS: options.oldKeys,
    SLACK_API_URL: fake.apiUrl,
    BOT_LOCALE: options.locale,
  };
  const app: App & { port: number } = await startApp({
    config: testConfig(env),
    log: options.log ?? silentLogger,
    clock: new ManualClock(june2027),
    drainEveryMs: 3_600_000,
  });
  const base = `http://127.0.0.1:${app.port}`;
  const box = createSecretBox(
    tokenKeysFrom({ TOKEN_ENCRYPTION_KEY: key, TOKEN_ENCRYPTION_OLD_KEYS: options.oldKeys }) ?? fail(),
  );
  return {
    app,
    fake,
    key,
    databasePath,
    base,
    browser: () => new Browser(base),
    installation: (workspace: string): Installation | undefined => findInstallation(app.db, "slack", workspace),
    /** The bot token of a stored installation, opened with the bot's own keys. */
    tokenOf(workspace: string): string | undefined {
      const sealed = findInstallation(app.db, "slack", workspace)?.sealedBotToken;
      return sealed ? box.open(sealed) : undefined;
    },
    count(sql: string): number {
      return (app.db.prepare(sql).get() as { n: number }).n;
    },
    /** Everything SQLite holds on disk for this database (main file and write-ahead log). */
    databaseBytes(): string {
      return [databasePath, `${databasePath}-wal`]
        .filter((path) => existsSync(path))
        .map((path) => readFileSync(path).toString("latin1"))
        .join("");
    },
    async stop(keepFake = false): Promise<void> {
      await app.stop();
      if (!keepFake) await fake.stop();
    },
  };
}

export type OAuthBot = Awaited<ReturnType<typeof startOAuthBot>>;

function fail(): never {
  throw new Error("no token key");
}

/** A browser's side of the install: it keeps the state cookie the install page sets. */
class Browser {
  cookie: string | undefined;

  constructor(private readonly base: string) {}

  /** GET /slack/install: the page, the authorize URL behind its button and the state in it. */
  async openInstallPage() {
    const res = await fetch(`${this.base}/slack/install`);
    const html = await res.text();
    const setCookie = res.headers.get("set-cookie") ?? "";
    this.cookie = /^(slack-app-oauth-state=[^;]+)/.exec(setCookie)?.[1];
    const href = /<a class="button" href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, "&");
    const authorizeUrl = href ? new URL(href) : undefined;
    return { res, html, setCookie, authorizeUrl, state: authorizeUrl?.searchParams.get("state") ?? undefined };
  }

  /** Slack's redirect back after "Allow" (or "Cancel"), with this browser's cookie unless told otherwise (null: none). */
  async redirect(query: Record<string, string>, cookie: string | null | undefined = this.cookie) {
    const res = await fetch(`${this.base}/slack/oauth_redirect?${new URLSearchParams(query)}`, {
      headers: cookie ? { cookie } : {},
    });
    return { res, html: await res.text() };
  }

  /** The whole install of one workspace: the page, then the redirect with the fake's code. */
  async install(code: string) {
    const { state } = await this.openInstallPage();
    return this.redirect({ code, state: state ?? "" });
  }
}
