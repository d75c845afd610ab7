import { afterEach, describe, expect, it } from "vitest";
import { deliveryReport } from "../src/domain/broadcasts.js";
import { deliveryGroupsSql } from "../src/domain/delivery-report.js";
import { saveInstallation } from "../src/domain/installations.js";
import { ensureMember } from "../src/domain/members.js";
import { holdForApp, markFailed, markSent } from "../src/domain/outbox.js";
import { holdWorkspace, releaseWorkspace } from "../src/domain/workspace-holds.js";
import { queueBroadcast } from "../src/services/broadcast-queue.js";
import { createDraft, resendFailed } from "../src/services/broadcasts.js";
import { cli } from "./support/cli.js";
import { Driver } from "./support/driver.js";

// The delivery report per (platform, workspace): two Slack workspaces (one held: the app was uninstalled there)
// and a Teams tenant. Organisers are global and see every workspace; the held one's rows are paused, not failed.

let driver: Driver;
afterEach(() => driver?.close());

const slackA = "T0AAAAAAA";
const slackB = "T0BBBBBBB";
const tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";

function install(d: Driver, workspace: string, name: string): void {
  const install = { platform: "slack", workspace, teamId: workspace, enterpriseId: null, enterpriseInstall: false };
  const who = { appId: "A1", botId: `B-${workspace}`, botUserId: `U-${workspace}`, scopes: ["chat:write"] };
  saveInstallation(d.ctx.db, { ...install, ...who, name, sealedBotToken: "v1.sealed" }, d.clock.now());
}

/** Members in each place, one broadcast to everyone; returns its id. */
function broadcastTo(d: Driver, places: { platform: string; workspace: string; members: number }[]): number {
  const now = d.clock.now();
  for (const { platform, workspace, members } of places) {
    for (let i = 0; i < members; i++) ensureMember(d.ctx.db, platform, `${workspace}-u${i}`, now, `D${i}`, workspace);
  }
  const id = createDraft(d.ctx, {
    createdBy: "cli",
    text: "Denksessie verplaatst",
    audience: { kind: "everyone" },
    urgent: true,
    locale: "nl",
  });
  queueBroadcast(d.ctx, id, "cli");
  return id;
}

const rowIds = (d: Driver, platform: string, workspace: string) =>
  d.ctx.db
    .prepare<[string, string], { id: number }>("SELECT id FROM outbox WHERE platform = ? AND workspace = ? ORDER BY id")
    .all(platform, workspace)
    .map((r) => r.id);

/** Slack A: 4 members, 3 sent, 1 blocked; Slack B: 2 members, held (uninstalled); Teams: 3, 1 sent, 2 waiting. */
function threePlaces(): number {
  driver = new Driver({ env: { ORGANISERS: "memory:ORG" } });
  install(driver, slackA, "Huisartsen Utrecht");
  install(driver, slackB, "Zorggroep Noord");
  const id = broadcastTo(driver, [
    { platform: "slack", workspace: slackA, members: 4 },
    { platform: "slack", workspace: slackB, members: 2 },
    { platform: "teams", workspace: tenant, members: 3 },
  ]);
  const { db } = driver.ctx;
  const now = driver.clock.now();
  const [a1, a2, a3, a4] = rowIds(driver, "slack", slackA);
  for (const row of [a1, a2, a3]) markSent(db, row ?? 0, "m", now);
  markFailed(db, a4 ?? 0, "blocked: cannot_dm_bot");
  holdWorkspace(db, "slack", slackB, "app_uninstalled", now);
  markSent(db, rowIds(driver, "teams", tenant)[0] ?? 0, "m", now);
  return id;
}

const reachable = (d: Driver) =>
  d.ctx.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM identities WHERE reachable = 1").get()?.n;

describe("the delivery report per workspace", () => {
  it("counts sent, waiting, failed by reason and paused per platform and workspace; the held are never failed", () => {
    const id = threePlaces();
    const report = deliveryReport(driver.ctx.db, id);
    expect(report).toMatchObject({ total: 9, sent: 4, waiting: 4, failed: 1, paused: 2 });
    expect(report.failures).toEqual([{ reason: "blocked: cannot_dm_bot", count: 1 }]);
    expect(report.workspaces).toEqual([
      {
        platform: "slack",
        workspace: slackA,
        name: "Huisartsen Utrecht",
        sent: 3,
        waiting: 0,
        failed: 1,
        failures: [{ reason: "blocked: cannot_dm_bot", count: 1 }],
        paused: 0,
      },
      {
        platform: "slack",
        workspace: slackB,
        name: "Zorggroep Noord",
        sent: 0,
        waiting: 0,
        failed: 0,
        failures: [],
        paused: 2,
        pausedReason: "app_uninstalled",
      },
      { platform: "teams", workspace: tenant, sent: 1, waiting: 2, failed: 0, failures: [], paused: 0 },
    ]);
    // Nobody in the held workspace is marked, and "resend to the failed" takes only the one that failed.
    expect(reachable(driver)).toBe(9);
    expect(resendFailed(driver.ctx, id, "cli")).toBe(1);
  });

  it("shows a workspace refused by the platform as paused too, and waiting again once it is released", () => {
    const id = threePlaces();
    const { db } = driver.ctx;
    const [t2, t3] = rowIds(driver, "teams", tenant).slice(1);
    holdForApp(db, t2 ?? 0, "unauthorized: HTTP 401");
    holdForApp(db, t3 ?? 0, "unauthorized: HTTP 401");
    expect(deliveryReport(db, id).workspaces.at(-1)).toMatchObject({ waiting: 0, paused: 2, pausedReason: "HTTP 401" });
    releaseWorkspace(db, "slack", slackB);
    expect(deliveryReport(db, id).workspaces[1]).toMatchObject({ waiting: 2, paused: 0, failed: 0 });
  });

  it("says it in chat, Dutch first, with the reason in words; in English for an English organiser", () => {
    const id = threePlaces();
    const [nl] = driver.gp("ORG").say(`rapport ${id}`);
    expect(nl?.text).toContain("Verstuurd: 4 · Wacht: 4 · Mislukt: 1 (van 9)");
    expect(nl?.text).toContain(
      [
        "Per werkruimte:",
        "• Slack · Huisartsen Utrecht: verstuurd 3 · wacht 0 · mislukt 1",
        "   – blocked: cannot_dm_bot: 1",
        "• Slack · Zorggroep Noord: verstuurd 0 · wacht 0 · mislukt 0 · gepauzeerd 2 (app verwijderd uit de werkruimte)",
        `• Teams · ${tenant}: verstuurd 1 · wacht 2 · mislukt 0`,
        "Gepauzeerde berichten wachten op de app zelf, niet op de leden",
      ].join("\n"),
    );
    const [en] = driver.gp("ORG2", "en").say(`report ${id}`);
    expect(en?.text).not.toContain("Zorggroep"); // not an organiser: refused
    const [organiser] = driver.gp("ORG", "en").say(`report ${id}`);
    expect(organiser?.text).toContain(
      "• Slack · Zorggroep Noord: sent 0 · waiting 0 · failed 0 · paused 2 (app removed from the workspace)",
    );
  });

  it("puts revoked access in words", () => {
    const id = threePlaces();
    holdWorkspace(driver.ctx.db, "slack", slackB, "tokens_revoked", driver.clock.now());
    const [reply] = driver.gp("ORG").say(`rapport ${id}`);
    expect(reply?.text).toContain("gepauzeerd 2 (toegang ingetrokken)");
  });

  it("prints the same in the CLI, and as JSON", async () => {
    const id = threePlaces();
    const env = { DATABASE_PATH: driver.ctx.config.DATABASE_PATH };
    const text = await cli(env, "deliveries", String(id));
    expect(text.code).toBe(0);
    expect(text.out.split("\n")).toEqual([
      expect.stringMatching(/^sent 4, waiting 4, failed 1 of 9, next /),
      "  failed: blocked: cannot_dm_bot (1)",
      "  Per workspace:",
      "  • Slack · Huisartsen Utrecht: sent 3 · waiting 0 · failed 1",
      "     – blocked: cannot_dm_bot: 1",
      "  • Slack · Zorggroep Noord: sent 0 · waiting 0 · failed 0 · paused 2 (app removed from the workspace)",
      `  • Teams · ${tenant}: sent 1 · waiting 2 · failed 0`,
      expect.stringContaining("  Paused messages wait for the app itself"),
      "",
    ]);
    const json = await cli(env, "deliveries", String(id), "--json");
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out) as ReturnType<typeof deliveryReport> & { broadcast: number };
    expect(parsed).toMatchObject({ broadcast: id, total: 9, paused: 2, optedOut: 0 });
    expect(parsed.workspaces.map((w) => [w.platform, w.workspace, w.sent, w.waiting, w.failed, w.paused])).toEqual([
      ["slack", slackA, 3, 0, 1, 0],
      ["slack", slackB, 0, 0, 0, 2],
      ["teams", tenant, 1, 2, 0, 0],
    ]);
  });

  it("shows no breakdown in a single-workspace setup", async () => {
    driver = new Driver({ env: { ORGANISERS: "memory:ORG" } });
    const id = broadcastTo(driver, [
      { platform: "slack", workspace: "", members: 2 },
      { platform: "teams", workspace: tenant, members: 1 },
    ]);
    markSent(driver.ctx.db, rowIds(driver, "slack", "")[0] ?? 0, "m", driver.clock.now());
    const report = deliveryReport(driver.ctx.db, id);
    expect(report).toMatchObject({ total: 3, sent: 1, waiting: 2, failed: 0, paused: 0, workspaces: [] });
    const [reply] = driver.gp("ORG").say(`rapport ${id}`);
    expect(reply?.text).not.toContain("Per werkruimte");
    const printed = await cli({ DATABASE_PATH: driver.ctx.config.DATABASE_PATH }, "deliveries", String(id));
    expect(printed.out.split("\n")[1]).toBe("");
  });

  it("shows the breakdown when a platform has several installations, even if the broadcast reached one", () => {
    driver = new Driver();
    install(driver, slackA, "Huisartsen Utrecht");
    install(driver, slackB, "Zorggroep Noord");
    const id = broadcastTo(driver, [{ platform: "slack", workspace: slackA, members: 2 }]);
    expect(deliveryReport(driver.ctx.db, id).workspaces).toMatchObject([{ workspace: slackA, waiting: 2 }]);
  });

  it("reads the counts with one grouped query on the broadcast's index, never a scan of the outbox", () => {
    driver = new Driver();
    const plan = driver.ctx.db
      .prepare<[number], { detail: string }>(`EXPLAIN QUERY PLAN ${deliveryGroupsSql}`)
      .all(1)
      .map((r) => r.detail);
    expect(
      plan.some((d) => /SEARCH outbox USING (COVERING )?INDEX outbox_by_broadcast \(broadcast_id=\?\)/.test(d)),
    ).toBe(true);
    expect(plan.filter((d) => /^SCAN (outbox|installations|workspace_holds)\b/.test(d))).toEqual([]);
  });
});
