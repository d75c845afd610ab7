import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { enqueue } from "../src/domain/outbox.js";
import { findHold, holdWorkspace } from "../src/domain/workspace-holds.js";
import { createLogger } from "../src/log.js";
import { june2027 } from "./support/driver.js";
import { type OAuthBot, startOAuthBot, stateSecret } from "./support/slack-oauth.js";
import { post } from "./support/slack-requests.js";
import { waitFor } from "./support/wait.js";

// Issue 16, Slack distribution: the OAuth v2 install through Bolt's own installer (@slack/oauth) against the fake
// Slack's oauth.v2.access, as a browser and Slack's redirect do it; the installs kept sealed in the SQLite file.

let bot: OAuthBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const started = async (options: Parameters<typeof startOAuthBot>[0] = {}) => {
  bot = await startOAuthBot(options);
  return bot;
};
const installations = (b: OAuthBot) => b.count("SELECT count(*) AS n FROM installations");
/** What a failure page may never show: the installer's codes and messages, the state, the code. */
const leaks = /slack_oauth|slack_webapi|state parameter|invalid_code|Error|code-T/;

/** A state as the installer makes it (a JWT): signed with `secret`, made at `now`. */
function forgedState(secret: string, now = new Date()): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const body = `${part({ alg: "HS256", typ: "JWT" })}.${part({ installOptions: { scopes: ["chat:write"] }, now })}`;
  return `${body}.${createHmac("sha256", secret).update(body).digest("base64url")}`;
}

describe("Slack install (OAuth v2 through Bolt's installer)", () => {
  it("GET /slack/install: a Dutch page with the Add to Slack button to Slack's authorize URL, and a state cookie", async () => {
    const b = await started();
    const { res, html, setCookie, authorizeUrl, state } = await b.browser().openInstallPage();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    expect(html).toMatch(/<html lang="nl">/);
    expect(html).toContain("Toevoegen aan Slack");
    expect(setCookie).toMatch(/^slack-app-oauth-state=[^;]+; Secure; HttpOnly; Path=\/; Max-Age=600$/);
    expect(state).toBeTruthy();
    expect(setCookie).toContain(`slack-app-oauth-state=${state}`);
    expect(`${authorizeUrl?.origin}${authorizeUrl?.pathname}`).toBe(`${b.fake.url}/oauth/v2/authorize`);
    expect(authorizeUrl?.searchParams.get("client_id")).toBe("1111.2222");
    expect(authorizeUrl?.searchParams.get("scope")?.split(",").sort()).toEqual([
      "chat:write",
      "commands",
      "files:write",
      "im:history",
      "im:write",
      "users:read",
      "users:read.email",
    ]);
    // Served by the bot itself: nothing loaded from elsewhere.
    expect(html).not.toMatch(/<(img|script|link rel="stylesheet")[^>]*(src|href)="https?:/);
  });

  it("in English with BOT_LOCALE=en", async () => {
    const { html } = await (await started({ locale: "en" })).browser().openInstallPage();
    expect(html).toMatch(/<html lang="en">/);
    expect(html).toContain("Add to Slack");
  });

  it("the redirect with the code and this browser's state stores the install, token sealed, and says what's next", async () => {
    const b = await started();
    const code = b.fake.workspaces.authorizeCode("T2", { name: 'Huisartsen <Utrecht> & "Zeist"' });
    const { res, html } = await b.browser().install(code);
    expect(res.status).toBe(200);
    expect(html).toContain("Spreekuur is geïnstalleerd");
    expect(html).toContain("Huisartsen &lt;Utrecht&gt; &amp; &quot;Zeist&quot;");
    expect(html).toContain("Wat er nu gebeurt");
    expect(html).toMatch(/Apps in de zijbalk/);
    expect(html).toMatch(/ledenlijst van de werkruimte gelezen/);
    expect(html).toMatch(/tempo dat Slack toestaat/);
    expect(html).toMatch(/typen help/);
    expect(html).toContain('href="https://app.slack.com/client/T2"');
    expect(res.headers.get("set-cookie")).toMatch(/slack-app-oauth-state=deleted/);

    const fakeWorkspace = b.fake.workspaces.team("T2");
    expect(b.installation("T2")).toMatchObject({
      teamId: "T2",
      enterpriseId: null,
      enterpriseInstall: false,
      appId: "A0SPREEKUUR",
      botUserId: fakeWorkspace?.botUserId,
      botId: fakeWorkspace?.botId,
      scopes: fakeWorkspace?.scopes,
      removedAt: null,
    });
    expect(b.installation("T2")?.sealedBotToken).toMatch(/^v1\./);
    expect(b.tokenOf("T2")).toBe(fakeWorkspace?.botToken);
    // Bolt's installer asked auth.test with the new token for the bot id; only the token is sealed at rest.
    expect(b.fake.calls.filter((c) => c.method === "oauth.v2.access")).toHaveLength(1);
    b.app.db.pragma("wal_checkpoint(TRUNCATE)");
    expect(b.databaseBytes()).not.toContain("xoxb-");
  });

  it("logs the install and its refusals without a token, a code or a state", async () => {
    const lines: string[] = [];
    const b = await started({ log: createLogger("trace", { write: (line: string) => void lines.push(line) }) });
    const code = b.fake.workspaces.authorizeCode("T2");
    const browser = b.browser();
    const { state } = await browser.openInstallPage();
    await browser.redirect({ code, state: `${state}x` });
    await browser.redirect({ code, state: state ?? "" });
    await b.browser().install(code);
    const logged = lines.join("\n");
    expect(logged).toMatch(/slack app installed/);
    expect(logged).toMatch(/slack install refused/);
    for (const secret of ["xoxb-", code, state ?? "?", "fake-client-secret", stateSecret]) {
      expect(logged).not.toContain(secret);
    }
  });

  it("a state from another browser session, a forged state or no cookie: the failure page, nothing stored", async () => {
    const b = await started();
    const code = b.fake.workspaces.authorizeCode("T2");
    const mine = b.browser();
    const { state } = await mine.openInstallPage();
    const other = b.browser();
    await other.openInstallPage();
    const withCookie = (forged: string) => mine.redirect({ code, state: forged }, `slack-app-oauth-state=${forged}`);
    const attempts = [
      await mine.redirect({ code, state: state ?? "" }, other.cookie),
      await withCookie(forgedState("not-the-state-secret")),
      // Signed right, but made 11 minutes ago: expired (the cookie and the state live 10 minutes).
      await withCookie(forgedState(stateSecret, new Date(Date.now() - 11 * 60_000))),
      await mine.redirect({ code, state: state ?? "" }, null),
      await mine.redirect({ code }),
    ];
    for (const { res, html } of attempts) {
      expect(res.status).toBe(400);
      expect(html).toContain("Installatie niet gelukt");
      expect(html).toMatch(/verlopen of hoort bij een ander browservenster\. Er is niets geïnstalleerd\./);
      expect(html).toContain('href="/slack/install"');
      expect(html).not.toMatch(leaks);
    }
    expect(installations(b)).toBe(0);
    // Refused before Slack was asked: the code was never traded.
    expect(b.fake.calls.filter((c) => c.method === "oauth.v2.access")).toHaveLength(0);
    // This browser's own state and cookie still go through: the refusals were the state's.
    expect((await mine.redirect({ code, state: state ?? "" })).res.status).toBe(200);
    expect(installations(b)).toBe(1);
  });

  it("a code used before: Slack refuses it, the failure page says so, nothing more stored", async () => {
    const b = await started();
    const code = b.fake.workspaces.authorizeCode("T2");
    expect((await b.browser().install(code)).res.status).toBe(200);
    const { res, html } = await b.browser().install(code);
    expect(res.status).toBe(400);
    expect(html).toMatch(/Slack heeft de toestemming niet bevestigd; misschien is de link al gebruikt/);
    expect(html).not.toMatch(leaks);
    expect(installations(b)).toBe(1);
  });

  it("Cancel on Slack's page (access_denied): nothing installed, said in Dutch", async () => {
    const b = await started();
    const browser = b.browser();
    const { state } = await browser.openInstallPage();
    const { res, html } = await browser.redirect({ error: "access_denied", state: state ?? "" });
    expect(res.status).toBe(200);
    expect(html).toContain("U heeft de installatie geannuleerd. Er is niets geïnstalleerd.");
    expect(installations(b)).toBe(0);
  });

  it("an org-wide install (Enterprise Grid) is stored and found by the enterprise id", async () => {
    const b = await started();
    const code = b.fake.workspaces.authorizeCode("T3", { enterpriseId: "E1", enterpriseInstall: true, name: "Regio" });
    const { res, html } = await b.browser().install(code);
    expect(res.status).toBe(200);
    expect(html).toMatch(/toegevoegd aan de organisatie Regio Grid/);
    expect(html).toMatch(/beheer van uw organisatie/);
    expect(b.installation("E1")).toMatchObject({ teamId: null, enterpriseId: "E1", enterpriseInstall: true });
    expect(b.installation("T3")).toBeUndefined();
    expect(b.tokenOf("E1")).toBe(b.fake.workspaces.team("T3")?.botToken);

    // Bolt's authorize finds it for an event from any workspace of the organisation, and the listener's client
    // speaks with its token; an event from a workspace without an install reaches no listener.
    const homeOpened = (team: string, enterprise: string | null) => ({
      body: JSON.stringify({
        token: "legacy",
        team_id: team,
        ...(enterprise ? { enterprise_id: enterprise } : {}),
        api_app_id: "A0SPREEKUUR",
        type: "event_callback",
        event_id: `Ev-${team}`,
        event_time: Math.floor(Date.now() / 1000),
        event: { type: "app_home_opened", user: "U1", channel: "DU1", tab: "home", event_ts: "1700000000.1" },
        authorizations: [
          {
            team_id: enterprise ? null : team,
            enterprise_id: enterprise,
            user_id: "UBOT",
            is_bot: true,
            is_enterprise_install: enterprise !== null,
          },
        ],
      }),
      contentType: "application/json",
    });
    expect((await post(`${b.base}/slack/events`, homeOpened("T404", null))).status).toBe(200);
    expect((await post(`${b.base}/slack/events`, homeOpened("T9", "E1"))).status).toBe(200);
    const published = () => b.fake.calls.filter((c) => c.method === "views.publish");
    await waitFor(() => published().length > 0);
    expect(published().map((c) => c.token)).toEqual([b.fake.workspaces.team("T3")?.botToken]);
  });

  it("a reinstall replaces the token, releases the held workspace and wakes its messages", async () => {
    const b = await started();
    expect((await b.browser().install(b.fake.workspaces.authorizeCode("T2"))).res.status).toBe(200);
    const first = b.tokenOf("T2");
    enqueue(
      b.app.db,
      {
        dedupeKey: "k1",
        kind: "broadcast",
        to: { platform: "slack", conversation: "DU1", workspace: "T2" },
        reply: { text: "x" },
        notBefore: 0,
      },
      june2027,
    );
    expect(holdWorkspace(b.app.db, "slack", "T2", "uninstalled", june2027)).toBe(1);
    expect((await b.browser().install(b.fake.workspaces.authorizeCode("T2"))).res.status).toBe(200);
    expect(b.tokenOf("T2")).not.toBe(first);
    expect(b.tokenOf("T2")).toBe(b.fake.workspaces.team("T2")?.botToken);
    expect(findHold(b.app.db, "slack", "T2")).toBeUndefined();
    expect(b.count("SELECT count(*) AS n FROM outbox WHERE failure LIKE 'paused:%'")).toBe(0);
    expect(installations(b)).toBe(1);
  });
});
