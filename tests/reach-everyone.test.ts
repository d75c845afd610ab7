import { afterEach, describe, expect, it } from "vitest";
import type { TeamsAdapter } from "../adapters/teams/teams-adapter.js";
import type { Adapter } from "../src/contract.js";
import { syncState } from "../src/domain/directory.js";
import { setOptedOut } from "../src/domain/members.js";
import { queueBroadcast } from "../src/services/broadcast-queue.js";
import { createDraft } from "../src/services/broadcasts.js";
import { drainOnce } from "../src/services/delivery/drain.js";
import { sessionsCsv } from "./support/driver.js";
import { generateRoster } from "./support/fake-roster.js";
import { FakeSlack } from "./support/fake-slack.js";
import { generateUsers } from "./support/fake-slack-users.js";
import { botToken, dmMessage, post, signingSecret } from "./support/slack-requests.js";
import { TeamsHarness } from "./support/teams-app.js";
import { botAddedToTeam, tenantId } from "./support/teams-client.js";

// The mission's test: a fresh database with the sessions imported, the directory synced from both platforms'
// fakes (a Slack workspace of 500 accounts of whom 3 ever wrote, a Teams team of 200 of whom 50 are the same GPs
// by e-mail), and one broadcast to everyone through the real Bolt and the real CloudAdapter: every person gets it
// once, on one platform, whether they ever wrote or not, except who said `stop`.

const team = "19:huisartsen@thread.tacv2";
let slack: FakeSlack | undefined;
let harness: TeamsHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  await slack?.stop();
  harness = undefined;
  slack = undefined;
});

const adapterOf = (h: TeamsHarness, platform: string): Adapter => {
  const adapter = h.app.adapters.find((a) => a.platform === platform);
  if (!adapter) throw new Error(`${platform} not mounted`);
  return adapter;
};

describe("reaching every member", () => {
  it("a broadcast to everyone reaches each person once on one platform, through both adapters", async () => {
    slack = await new FakeSlack().start();
    // 500 accounts: 5 bots, 5 deleted, 10 guests (skipped), so 480 GPs.
    const users = generateUsers(500, { bots: 5, deleted: 5, guests: 10 });
    slack.directory.users = users;
    const gps = users.filter((u) => !u.deleted && !u.is_bot && !u.is_restricted && u.id !== "USLACKBOT");
    expect(gps).toHaveLength(480);
    harness = await TeamsHarness.start(
      {
        HOST: "127.0.0.1",
        SLACK_BOT_TOKEN: botToken,
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_API_URL: slack.apiUrl,
        SLACK_DIRECTORY_SYNC: "on",
        SLACK_DIRECTORY_CALLS_PER_MINUTE: "6000",
        MEMBER_EMAIL_KEY: "e".repeat(40),
      },
      sessionsCsv([{ id: "S1" }, { id: "S2", city: "Zwolle", region: "Overijssel" }]),
    );
    const h = harness;
    const { db } = h.app;
    await slack.waitFor(() => syncState(db, "slack", "T1")?.finishedAt !== undefined, 20_000);

    // The Teams team: 200 members, the first 50 the same GPs as Slack accounts (same verified e-mail).
    const roster = generateRoster(200, { tenantId });
    for (const [i, member] of roster.slice(0, 50).entries()) member.email = gps[i]?.profile.email ?? "";
    h.connector.rosters.set(team, roster);
    const added = await h.user("29:installer").post(botAddedToTeam(h.connector.url, team));
    expect(added.status).toBe(200);
    await (adapterOf(h, "teams") as TeamsAdapter).directory.idle();

    // 480 + 200 accounts, 50 of them linked: 630 persons. Three GPs wrote first; one of them said stop.
    const persons = () => (db.prepare("SELECT count(*) AS n FROM member_reach").get() as { n: number }).n;
    expect(persons()).toBe(630);
    const slackEvents = `http://127.0.0.1:${h.app.port}/slack/events`;
    for (const gp of gps.slice(100, 103))
      expect((await post(slackEvents, dmMessage(gp.id, "sessies"))).status).toBe(200);
    await slack.waitFor(() => slack?.callsTo("chat.postMessage").length === 3, 10_000);
    const stopper = db.prepare("SELECT member_id AS id FROM identities WHERE user_id = ?").get(gps[102]?.id) as {
      id: number;
    };
    setOptedOut(db, stopper.id, true, h.clock.now());
    const repliesBefore = slack.callsTo("chat.postMessage").length;

    const ctx = h.app.core.ctx;
    const id = createDraft(ctx, {
      createdBy: "cli",
      text: "Nieuwe denksessies in Utrecht en Zwolle: meld u aan.",
      audience: { kind: "everyone" },
      urgent: true,
      locale: "nl",
    });
    expect(queueBroadcast(ctx, id, "cli")).toBe(629);
    const adapters = [adapterOf(h, "slack"), adapterOf(h, "teams")];
    for (let moved = 1; moved > 0; ) {
      moved = 0;
      for (const adapter of adapters) moved += await drainOnce(ctx, adapter);
    }

    // Every person once: 629 sent rows, one per member, none failed or waiting.
    const rows = db
      .prepare("SELECT member_id, platform, status FROM outbox WHERE broadcast_id = ? ORDER BY member_id")
      .all(id) as { member_id: number; platform: string; status: string }[];
    expect(rows).toHaveLength(629);
    expect(new Set(rows.map((r) => r.member_id)).size).toBe(629);
    expect(rows.filter((r) => r.status !== "sent")).toEqual([]);
    // Through both adapters: each Slack DM and each Teams chat got exactly one message.
    const slackPosts = slack.callsTo("chat.postMessage").slice(repliesBefore);
    const teamsPosts = h.connector.calls.filter((c) => c.method === "POST" && c.path.includes("/activities"));
    expect(slackPosts.length + teamsPosts.length).toBe(629);
    expect(new Set(slackPosts.map((c) => c.params.channel)).size).toBe(slackPosts.length);
    expect(new Set(teamsPosts.map((c) => c.conversationId)).size).toBe(teamsPosts.length);
    // The linked 50, who never wrote, are reached on one platform (the identity found last, Teams):
    // 430 Slack-only less the one who stopped, 150 Teams-only and the 50.
    expect(rows.filter((r) => r.platform === "slack").length).toBe(slackPosts.length);
    expect(slackPosts.length).toBe(429);
    expect(teamsPosts.length).toBe(200);
    // First contact: a DM opened for each Slack GP who never wrote, a 1:1 chat created for each Teams one.
    expect(slack.callsTo("conversations.open").length).toBe(slackPosts.length - 2);
    expect(h.connector.created.size).toBe(teamsPosts.length);
  });
});
