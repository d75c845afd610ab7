import { afterEach, describe, expect, it } from "vitest";
import { startApp } from "../adapters/app.js";
import { ManualClock } from "../src/clock.js";
import { ensureMember } from "../src/domain/members.js";
import { enqueue } from "../src/domain/outbox.js";
import { silentLogger } from "../src/log.js";
import type { CoreContext } from "../src/services/context.js";
import { testConfig } from "./support/app-config.js";
import { june2027 } from "./support/driver.js";
import { type SlackBot, startSlackBot } from "./support/slack-app.js";
import { botToken, eventCallback, post, signingSecret } from "./support/slack-requests.js";
import { appUninstalled, inTeam, tokensRevoked } from "./support/slack-team-requests.js";
import { startWorkspaces, type WorkspacesBot } from "./support/slack-workspaces.js";

// Issue 16 item 3 for Slack: `app_uninstalled` and `tokens_revoked` end an installation. Its token goes, its
// waiting messages are held (pending, with the reason; no member marked, no attempt counted) until a reinstall;
// other workspaces go on. Slack's retry of an event does nothing twice; a user token revoked leaves the bot as it is.

let oauth: WorkspacesBot | undefined;
let single: SlackBot | undefined;
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  await oauth?.stop();
  oauth = undefined;
  await single?.stop();
  single = undefined;
});

/** Waits for the bot's work after an ack, failing after 5 s. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(done()).toBe(true);
}

/** One waiting message to a member of `workspace` ('' = never seen in a request). */
function waitingFor(ctx: CoreContext, user: string, workspace: string): void {
  const now = ctx.clock.now();
  const member = ensureMember(ctx.db, "slack", user, now, `D${user}`, workspace || undefined);
  const to = { platform: "slack" as const, conversation: `D${user}`, user, ...(workspace ? { workspace } : {}) };
  enqueue(
    ctx.db,
    { dedupeKey: `t:${user}`, kind: "test", to, memberId: member.id, reply: { text: "…" }, notBefore: now },
    now,
  );
}

const rows = (db: CoreContext["db"]) =>
  db.prepare("SELECT workspace, status, failure, attempts FROM outbox WHERE kind = 'test' ORDER BY workspace").all();
const holds = (db: CoreContext["db"]) => db.prepare("SELECT workspace, reason FROM workspace_holds").all();
const audits = (db: CoreContext["db"]) =>
  db.prepare("SELECT actor, action, subject, detail FROM audit_log WHERE action LIKE 'slack.%'").all();

describe("the end of a Slack installation (OAuth mode)", () => {
  it("tokens_revoked for the bot: its token goes, its rows wait with the reason, the other workspace is untouched", async () => {
    oauth = await startWorkspaces(["TA", "TB"]);
    const b = oauth;
    waitingFor(b.ctx, "UA1", "TA");
    waitingFor(b.ctx, "UB1", "TB");
    // A user's token revoked (no bot among them): nothing changes.
    await b.from("TB", tokensRevoked("TB", { oauth: ["UB1"] }));
    await b.slack.idle();
    expect(b.tokenOf("TB")).toBe(b.token("TB"));
    expect(holds(b.app.db)).toEqual([]);

    const request = tokensRevoked("TB", { bot: [b.installation("TB")?.botUserId ?? ""] }, "EvRevoke");
    await b.from("TB", request);
    await until(() => b.installation("TB")?.sealedBotToken === null);
    // Slack's retry of the same event: nothing twice.
    await b.from("TB", request);
    await b.slack.idle();
    expect(holds(b.app.db)).toEqual([{ workspace: "TB", reason: "tokens_revoked" }]);
    expect(audits(b.app.db)).toEqual([
      { actor: "slack", action: "slack.tokens_revoked", subject: "workspace:TB", detail: "1 messages held" },
    ]);
    await b.drain();
    expect(rows(b.app.db)).toEqual([
      { workspace: "TA", status: "sent", failure: null, attempts: 1 },
      { workspace: "TB", status: "pending", failure: "paused: tokens_revoked", attempts: 0 },
    ]);
    expect(b.tokenOf("TA")).toBe(b.token("TA"));
  });

  it("an org-wide install (Enterprise Grid) ends by its enterprise id", async () => {
    oauth = await startWorkspaces(["TA"]);
    const b = oauth;
    const code = b.fake.workspaces.authorizeCode("T3", { enterpriseId: "E1", enterpriseInstall: true });
    expect((await b.browser().install(code)).res.status).toBe(200);
    waitingFor(b.ctx, "UE1", "E1");
    waitingFor(b.ctx, "UA1", "TA");
    const event = JSON.parse(appUninstalled("T3").body) as Record<string, unknown>;
    const orgWide = {
      ...event,
      enterprise_id: "E1",
      authorizations: [
        { enterprise_id: "E1", team_id: null, user_id: "UBOT", is_bot: true, is_enterprise_install: true },
      ],
      is_ext_shared_channel: false,
    };
    const res = await post(b.url, { body: JSON.stringify(orgWide), contentType: "application/json" });
    expect(res.status).toBe(200);
    await until(() => b.installation("E1")?.sealedBotToken === null);
    expect(holds(b.app.db)).toEqual([{ workspace: "E1", reason: "app_uninstalled" }]);
    expect(b.tokenOf("TA")).toBe(b.token("TA"));
    expect(rows(b.app.db)).toEqual([
      { workspace: "E1", status: "pending", failure: "paused: app_uninstalled", attempts: 0 },
      { workspace: "TA", status: "pending", failure: null, attempts: 0 },
    ]);
  });
});

describe("the end of the Slack installation (single-token mode)", () => {
  it("app_uninstalled holds every Slack row (the one token is every workspace's); a restart with the token resumes", async () => {
    single = await startSlackBot();
    const s = single;
    const ctx = s.app.core.ctx;
    waitingFor(ctx, "U1", "T1");
    waitingFor(ctx, "U2", "");
    const res = await post(s.url, eventCallback({ type: "app_uninstalled" }));
    expect(res.status).toBe(200);
    await until(() => holds(s.app.db).length === 2);
    expect(holds(s.app.db)).toEqual([
      { workspace: "T1", reason: "app_uninstalled" },
      { workspace: "", reason: "app_uninstalled" },
    ]);
    await s.drain();
    expect(rows(s.app.db)).toEqual([
      { workspace: "", status: "pending", failure: "paused: app_uninstalled", attempts: 0 },
      { workspace: "T1", status: "pending", failure: "paused: app_uninstalled", attempts: 0 },
    ]);
    expect(s.fake.callsTo("chat.postMessage")).toEqual([]);
    expect(audits(s.app.db)).toEqual([
      { actor: "slack", action: "slack.app_uninstalled", subject: "workspace:T1", detail: "2 messages held" },
    ]);

    // The operator adds the app again and restarts with its token: what waited goes out.
    const path = ctx.config.DATABASE_PATH;
    await s.app.stop();
    const again = await startApp({
      config: testConfig({
        DATABASE_PATH: path,
        SLACK_BOT_TOKEN: botToken,
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_API_URL: s.fake.apiUrl,
      }),
      log: silentLogger,
      clock: new ManualClock(june2027),
      drainEveryMs: 10,
    });
    stops.push(() => again.stop());
    expect(holds(again.db)).toEqual([]);
    await until(() => rows(again.db).every((row) => (row as { status: string }).status === "sent"));
    expect(
      s.fake
        .callsTo("chat.postMessage")
        .map((c) => c.params.channel)
        .sort(),
    ).toEqual(["DU1", "DU2"]);
  });

  it("tokens_revoked without the bot's token changes nothing", async () => {
    single = await startSlackBot();
    const s = single;
    waitingFor(s.app.core.ctx, "U1", "T1");
    await post(s.url, inTeam(tokensRevoked("T1", { oauth: ["U1"], bot: [] }), "T1"));
    await s.drain();
    expect(holds(s.app.db)).toEqual([]);
    expect(rows(s.app.db)).toEqual([{ workspace: "T1", status: "sent", failure: null, attempts: 1 }]);
  });
});
