import { afterEach, describe, expect, it } from "vitest";
import { DmChannels } from "../adapters/slack/dm-channels.js";
import { webApiClientOptions } from "../adapters/slack/errors.js";
import { InviteLinks } from "../adapters/slack/invite-links.js";
import { SlackAdapter } from "../adapters/slack/slack-adapter.js";
import { SurfaceMemory } from "../adapters/slack/surface-memory.js";
import { WorkspaceClients } from "../adapters/slack/workspace-clients.js";
import type { WorkspaceTokens } from "../adapters/slack/workspace-tokens.js";
import { systemClock } from "../src/clock.js";
import { loadCoreConfig } from "../src/config/core-config.js";
import { ensureMember } from "../src/domain/members.js";
import { addOrganiser } from "../src/domain/organisers.js";
import { silentLogger } from "../src/log.js";
import { queueBroadcast } from "../src/services/broadcast-queue.js";
import { createDraft } from "../src/services/broadcasts.js";
import type { CoreContext } from "../src/services/context.js";
import { Dispatcher } from "../src/services/delivery/dispatcher.js";
import { openDatabase } from "../src/storage/db.js";
import { tempDatabasePath } from "./support/driver.js";
import { FakeSlack } from "./support/fake-slack.js";

// Issue 16 items 1 and 4 through the real Slack adapter and dispatcher against the fake Web API: every workspace
// is sent to with its own token, and a refusal or a 429 in one workspace stops only that workspace.

let fake: FakeSlack | undefined;
let ctx: CoreContext | undefined;
let dispatcher: Dispatcher | undefined;
afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = undefined;
  ctx?.db.close();
  ctx = undefined;
  await fake?.stop();
  fake = undefined;
});

const perWorkspace = 5;

/** Tokens as an installation store would give them: only the workspaces in the map are installed. */
function tokensOf(map: Map<string, string>): WorkspaceTokens {
  return { botToken: (workspace) => map.get(workspace ?? ""), workspaces: () => [...map.keys()] };
}

async function setUp(teams: string[], installed: string[]) {
  fake = await new FakeSlack().start();
  const workspaces = new Map(teams.map((team) => [team, fake?.workspaces.add(team)]));
  const tokens = new Map(installed.map((team) => [team, workspaces.get(team)?.botToken ?? ""]));
  const config = loadCoreConfig({ DATABASE_PATH: tempDatabasePath() });
  const c: CoreContext = { db: openDatabase(config.DATABASE_PATH), config, clock: systemClock, log: silentLogger };
  ctx = c;
  const now = c.clock.now();
  for (const team of teams) {
    for (let i = 0; i < perWorkspace; i++) ensureMember(c.db, "slack", `U${team}${i}`, now, `D${team}${i}`, team);
  }
  // The organiser is a member of the first workspace; organisers are global.
  addOrganiser(c.db, { platform: "slack", userId: `U${teams[0]}0` }, now);
  const id = createDraft(c, {
    createdBy: `slack:U${teams[0]}0`,
    text: "De denksessie van morgen gaat door.",
    audience: { kind: "everyone" },
    urgent: true,
    locale: "nl",
  });
  expect(queueBroadcast(c, id, `slack:U${teams[0]}0`)).toBe(teams.length * perWorkspace);
  const clients = new WorkspaceClients(tokensOf(tokens), {
    ...webApiClientOptions,
    timeout: 5000,
    slackApiUrl: fake.apiUrl,
  });
  const adapter = new SlackAdapter({
    clients,
    dms: new DmChannels(),
    links: new InviteLinks(undefined, () => "nl"),
    shown: new SurfaceMemory(),
    log: silentLogger,
    rates: { ratePerSecond: 1000, conversationRatePerSecond: 1000 },
  });
  dispatcher = new Dispatcher(c, adapter, { idleMs: 10, maxInFlight: 4, probeEveryMs: 3_600_000 });
  return { fake, ctx: c, dispatcher, workspaces };
}

async function until(probe: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const count = (c: CoreContext, sql: string, ...params: unknown[]) =>
  (c.db.prepare(sql).get(...params) as { n: number }).n;

function rows(c: CoreContext, workspace: string) {
  const where = "platform = 'slack' AND workspace = ? AND kind = 'broadcast'";
  return {
    pending: count(c, `SELECT count(*) AS n FROM outbox WHERE ${where} AND status = 'pending'`, workspace),
    sent: count(c, `SELECT count(*) AS n FROM outbox WHERE ${where} AND status = 'sent'`, workspace),
    failed: count(c, `SELECT count(*) AS n FROM outbox WHERE ${where} AND status = 'failed'`, workspace),
    attempts: count(c, `SELECT coalesce(sum(attempts), 0) AS n FROM outbox WHERE ${where}`, workspace),
  };
}

/** The channels chat.postMessage reached (answered ok) with a token. */
const postedWith = (f: FakeSlack, token: string | undefined) =>
  f
    .callsTo("chat.postMessage")
    .filter((call) => call.token === token && call.result?.ok)
    .map((call) => String(call.params.channel))
    .sort();

const channels = (team: string) => Array.from({ length: perWorkspace }, (_, i) => `D${team}${i}`);

describe("Slack sends per workspace", () => {
  it("sends each workspace's messages with its own token", async () => {
    const { fake, ctx: c, dispatcher: d, workspaces } = await setUp(["TA", "TB"], ["TA", "TB"]);
    d.start();
    await d.drained();
    expect(rows(c, "TA")).toEqual({ pending: 0, sent: perWorkspace, failed: 0, attempts: perWorkspace });
    expect(rows(c, "TB")).toEqual({ pending: 0, sent: perWorkspace, failed: 0, attempts: perWorkspace });
    expect(postedWith(fake, workspaces.get("TA")?.botToken)).toEqual(channels("TA"));
    expect(postedWith(fake, workspaces.get("TB")?.botToken)).toEqual(channels("TB"));
    expect(fake.callsTo("chat.postMessage")).toHaveLength(2 * perWorkspace);
  });

  it.each(["token_revoked", "invalid_auth", "account_inactive", "missing_scope"])(
    "%s in workspace B pauses only B: organisers told once, nobody marked, A delivers everything",
    async (error) => {
      const { fake, ctx: c, dispatcher: d, workspaces } = await setUp(["TA", "TB"], ["TA", "TB"]);
      fake.revokeToken(error, "TB");
      d.start();
      const lane = (w: string) => d.workspaces().find((s) => s.workspace === w);
      await until(() => rows(c, "TA").sent === perWorkspace && lane("TB")?.pause !== undefined, "A sent, B paused");
      await until(
        () =>
          lane("TB")?.inFlight === 0 &&
          count(c, "SELECT count(*) AS n FROM outbox WHERE kind = 'delivery.paused' AND status = 'sent'") === 1,
        "the notice sent",
      );

      expect(lane("TB")?.pause?.reason).toBe(error);
      expect(lane("TA")?.pause).toBeUndefined();
      expect(rows(c, "TA")).toEqual({ pending: 0, sent: perWorkspace, failed: 0, attempts: perWorkspace });
      // B's rows wait as they were: no attempt counted, none failed, nobody unreachable.
      expect(rows(c, "TB")).toEqual({ pending: perWorkspace, sent: 0, failed: 0, attempts: 0 });
      expect(count(c, "SELECT count(*) AS n FROM member_reach WHERE reachable = 0")).toBe(0);
      // One notice, to the organiser where it arrives: their DM in workspace A, with A's token.
      expect(count(c, "SELECT count(*) AS n FROM outbox WHERE kind = 'delivery.paused'")).toBe(1);
      const aToken = workspaces.get("TA")?.botToken;
      expect(postedWith(fake, aToken)).toEqual([...channels("TA"), "DTA0"].sort());
      expect(postedWith(fake, workspaces.get("TB")?.botToken)).toEqual([]);
      // B was asked at most what was in flight when the first refusal came back.
      const bCalls = fake.callsTo("chat.postMessage").filter((call) => call.token === workspaces.get("TB")?.botToken);
      expect(bCalls.length).toBeGreaterThan(0);
      expect(bCalls.length).toBeLessThanOrEqual(4);
    },
  );

  it("a 429 in workspace B pauses only B; A goes on at its pace", async () => {
    const { fake, ctx: c, dispatcher: d, workspaces } = await setUp(["TA", "TB"], ["TA", "TB"]);
    const b = workspaces.get("TB");
    if (b) b.limitedUntil = Date.now() + 3_600_000;
    d.start();
    await until(() => rows(c, "TA").sent === perWorkspace, "A sent");
    await until(() => d.workspaces().find((s) => s.workspace === "TB")?.inFlight === 0, "B's sends answered");
    expect(rows(c, "TB")).toMatchObject({ pending: perWorkspace, sent: 0, failed: 0 });
    const bCalls = fake.callsTo("chat.postMessage").filter((call) => call.token === b?.botToken);
    // The first 429 pauses B's lane for its Retry-After: only what was already under way was asked.
    expect(bCalls.length).toBeGreaterThan(0);
    expect(bCalls.length).toBeLessThanOrEqual(4);
    expect(d.workspaces().find((s) => s.workspace === "TA")?.rateLimited).toBe(0);
    expect(count(c, "SELECT count(*) AS n FROM member_reach WHERE reachable = 0")).toBe(0);
  });

  it("a workspace without a token is the app's failure there (not_installed): nothing is sent with another token", async () => {
    const { fake, ctx: c, dispatcher: d, workspaces } = await setUp(["TA", "TB"], ["TA"]);
    d.start();
    const lane = (w: string) => d.workspaces().find((s) => s.workspace === w);
    await until(() => rows(c, "TA").sent === perWorkspace && lane("TB")?.pause !== undefined, "A sent, B paused");
    expect(lane("TB")?.pause?.reason).toBe("not_installed");
    expect(rows(c, "TB")).toEqual({ pending: perWorkspace, sent: 0, failed: 0, attempts: 0 });
    expect(postedWith(fake, workspaces.get("TA")?.botToken)).not.toContain("DTB0");
    expect(fake.callsTo("chat.postMessage").filter((call) => String(call.params.channel).startsWith("DTB"))).toEqual(
      [],
    );
    expect(count(c, "SELECT count(*) AS n FROM member_reach WHERE reachable = 0")).toBe(0);
  });
});
