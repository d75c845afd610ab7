import { afterEach, describe, expect, it } from "vitest";
import { type DirectorySchedule, startDirectorySchedule } from "../adapters/slack/directory-schedule.js";
import type { WorkspaceTokens } from "../adapters/slack/workspace-tokens.js";
import { ManualClock } from "../src/clock.js";
import { loadCoreConfig } from "../src/config/core-config.js";
import { directoryConfigSchema } from "../src/config/directory-config.js";
import { silentLogger } from "../src/log.js";
import type { CoreContext } from "../src/services/context.js";
import { openDatabase } from "../src/storage/db.js";
import { june2027, tempDatabasePath } from "./support/driver.js";
import { FakeSlack } from "./support/fake-slack.js";
import { generateUsers } from "./support/fake-slack-users.js";

// Issue 16 item 4 for the Slack directory: each installed workspace syncs with its own token, at its own Tier 2
// pace (Slack counts users.list per workspace, so one workspace's sync never waits for another's), its progress
// kept under its own workspace; a new install starts its sync at once, an uninstall stops the one under way.

let fake: FakeSlack | undefined;
let ctx: CoreContext | undefined;
let schedule: DirectorySchedule | undefined;
afterEach(async () => {
  await schedule?.stop();
  schedule = undefined;
  ctx?.db.close();
  ctx = undefined;
  await fake?.stop();
  fake = undefined;
});

/** 250 accounts: two users.list pages of 200. */
const accounts = 250;

async function setUp(installed: string[]) {
  fake = await new FakeSlack().start();
  const f = fake;
  f.directory.users = generateUsers(accounts);
  const tokens = new Map(installed.map((team) => [team, f.workspaces.add(team).botToken]));
  const workspaceTokens: WorkspaceTokens = {
    botToken: (workspace) => tokens.get(workspace ?? ""),
    workspaces: () => [...tokens.keys()],
  };
  const config = loadCoreConfig({ DATABASE_PATH: tempDatabasePath() });
  ctx = { db: openDatabase(config.DATABASE_PATH), config, clock: new ManualClock(june2027), log: silentLogger };
  schedule = startDirectorySchedule({
    ctx,
    directory: directoryConfigSchema.parse({}),
    tokens: workspaceTokens,
    clientOptions: { slackApiUrl: f.apiUrl },
    // 10 a second per workspace: the two syncs take turns only if they share one pace.
    callsPerMinute: 600,
  });
  return { fake: f, ctx, schedule, tokens };
}

const syncs = (c: CoreContext) =>
  c.db.prepare("SELECT workspace, cursor, seen, finished_at IS NOT NULL AS finished FROM directory_syncs").all();

describe("Slack directory syncs per workspace", () => {
  it("syncs every installed workspace with its own token, side by side, each kept under its workspace", async () => {
    const { fake: f, ctx: c, schedule: s, tokens } = await setUp(["TA", "TB"]);
    const [a, b] = await Promise.all([s.syncWorkspace("TA"), s.syncWorkspace("TB")]);
    expect(a).toMatchObject({ seen: accounts, requests: 2, finished: true });
    expect(b).toMatchObject({ seen: accounts, requests: 2, finished: true });
    const lists = f.callsTo("users.list");
    expect(lists.filter((call) => call.token === tokens.get("TA"))).toHaveLength(2);
    expect(lists.filter((call) => call.token === tokens.get("TB"))).toHaveLength(2);
    // Each workspace's install told its own workspace (auth.test with its own token).
    expect(
      f
        .callsTo("auth.test")
        .map((call) => call.token)
        .sort(),
    ).toEqual([tokens.get("TA"), tokens.get("TB")].sort());
    // Side by side: B's first page was asked before A's last, since neither waits for the other's pace.
    const order = lists.map((call) => call.token);
    expect(order.indexOf(tokens.get("TB"))).toBeLessThan(order.lastIndexOf(tokens.get("TA")));
    expect(syncs(c)).toEqual([
      { workspace: "TA", cursor: null, seen: accounts, finished: 1 },
      { workspace: "TB", cursor: null, seen: accounts, finished: 1 },
    ]);
  });

  it("a workspace without a token is not synced; an uninstall stops its sync under way, keeping the cursor", async () => {
    const { fake: f, ctx: c, schedule: s, tokens } = await setUp(["TA"]);
    expect(await s.syncWorkspace("TC")).toBeUndefined();
    // A's sync started with the schedule: stop it after its first page.
    await f.waitFor(
      () => f.callsTo("users.list").length === 1 && syncs(c).length === 1 && (syncs(c)[0] as { seen: number }).seen > 0,
    );
    s.forget("TA");
    expect(await s.syncWorkspace("TA")).toMatchObject({ finished: false });
    expect(f.callsTo("users.list").every((call) => call.token === tokens.get("TA"))).toBe(true);
    expect(syncs(c)).toEqual([{ workspace: "TA", cursor: expect.stringMatching(/.+/), seen: 200, finished: 0 }]);
  });
});
