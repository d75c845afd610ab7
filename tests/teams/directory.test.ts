import { afterEach, describe, expect, it } from "vitest";
import { type App, startApp } from "../../adapters/app.js";
import type { TeamsAdapter } from "../../adapters/teams/teams-adapter.js";
import { ManualClock } from "../../src/clock.js";
import { audienceMembers } from "../../src/domain/audience.js";
import { syncState } from "../../src/domain/directory.js";
import { findIdentity } from "../../src/domain/identities.js";
import { silentLogger } from "../../src/log.js";
import { emailHash } from "../../src/services/email-hash.js";
import { testConfig } from "../support/app-config.js";
import { june2027, tempDatabasePath } from "../support/driver.js";
import { generateRoster } from "../support/fake-roster.js";
import { TeamsHarness } from "../support/teams-app.js";
import { botId, cardOf, cardText, tenantId } from "../support/teams-client.js";

// The Teams side of the member directory: a team's roster read page by page when the bot is added, kept current
// by membersAdded/membersRemoved, and first contact with a member who never wrote, through the real CloudAdapter.

const team = "19:huisartsen@thread.tacv2";
let harness: TeamsHarness;
let second: App | undefined;
afterEach(async () => {
  await second?.stop();
  second = undefined;
  await harness?.stop();
});

const directoryOf = (adapter: unknown) => (adapter as TeamsAdapter).directory;

/** A conversationUpdate in the team's General channel, as Teams sends it. */
function teamUpdate(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    type: "conversationUpdate",
    id: `f:${Math.random()}`,
    channelId: "msteams",
    serviceUrl: harness.connector.url,
    from: { id: "29:installer", name: "" },
    recipient: { id: botId, name: "Spreekuur" },
    conversation: { id: team, conversationType: "channel", isGroup: true, tenantId },
    channelData: { team: { id: team, name: "Huisartsen" }, tenant: { id: tenantId }, eventType: "teamMemberAdded" },
    ...extra,
  };
}

async function addBotToTeam(members: number): Promise<void> {
  harness.connector.rosters.set(team, generateRoster(members, { tenantId, guestEvery: 10 }));
  // Small pages, so 300 members take several.
  harness.connector.maxPageSize = 100;
  expect((await harness.user("29:installer").post(teamUpdate({ membersAdded: [{ id: botId }] }))).status).toBe(200);
  await directoryOf(harness.teams).idle();
}

const directoryCount = () =>
  (
    harness.app.db
      .prepare("SELECT count(*) AS n FROM identities WHERE platform = 'teams' AND in_directory = 1 AND workspace = ?")
      .get(tenantId) as { n: number }
  ).n;

describe("a Teams team's roster in the directory", () => {
  it("pages through all 300 members when the bot is added to the team, skipping guests", async () => {
    harness = await TeamsHarness.start();
    await addBotToTeam(300);
    const reads = harness.connector.rosterReads(team);
    expect(reads).toHaveLength(3);
    expect(reads.map((r) => r.query?.pageSize)).toEqual(["500", "500", "500"]);
    expect(reads[0]?.query?.continuationToken).toBeUndefined();
    expect(reads.slice(1).every((r) => r.query?.continuationToken)).toBe(true);
    expect(directoryCount()).toBe(270);
    expect(findIdentity(harness.app.db, "teams", "29:member-10")).toBeUndefined();
    expect(findIdentity(harness.app.db, "teams", "29:member-11")).toMatchObject({ inDirectory: true, guest: false });
    expect(syncState(harness.app.db, "teams", team)).toMatchObject({ cursor: undefined, seen: 270 });
    expect(syncState(harness.app.db, "teams", team)?.finishedAt).toBeDefined();
    // Without a key no e-mail is kept, not even its hash; names and addresses never are.
    const rows = JSON.stringify(harness.app.db.prepare("SELECT * FROM identities").all());
    expect(rows).not.toMatch(/praktijk\.example|Dr\. member|aad-member/);
    expect(harness.app.db.prepare("SELECT count(*) AS n FROM identities WHERE email_hash IS NOT NULL").get()).toEqual({
      n: 0,
    });
  });

  it("keeps guests when asked to, and the keyed e-mail hash when linking by e-mail is on", async () => {
    const key = "k".repeat(40);
    harness = await TeamsHarness.start({ DIRECTORY_GUESTS: "include", MEMBER_EMAIL_KEY: key });
    await addBotToTeam(300);
    expect(directoryCount()).toBe(300);
    expect(findIdentity(harness.app.db, "teams", "29:member-10")).toMatchObject({ guest: true });
    const hashOf = (user: string) =>
      (
        harness.app.db.prepare("SELECT email_hash FROM identities WHERE user_id = ?").get(user) as {
          email_hash: string;
        }
      ).email_hash;
    expect(hashOf("29:member-7")).toBe(emailHash(key, "member7@praktijk.example"));
    expect(hashOf("29:member-10")).toBe(emailHash(key, "member10@gmail.example"));
  });

  it("adds members who join the team and takes those removed out of every audience", async () => {
    harness = await TeamsHarness.start();
    await addBotToTeam(120);
    const roster = harness.connector.rosters.get(team) ?? [];
    roster.push(...generateRoster(2, { tenantId, prefix: "nieuw", guestEvery: 2 }));
    const everyone = () => audienceMembers(harness.app.db, { kind: "everyone" }).map((m) => m.userId);
    expect(everyone()).toHaveLength(108);

    const gp = harness.user("29:installer");
    await gp.post(teamUpdate({ membersAdded: [{ id: "29:nieuw-1" }, { id: "29:nieuw-2" }] }));
    expect(findIdentity(harness.app.db, "teams", "29:nieuw-1")).toMatchObject({ inDirectory: true });
    expect(findIdentity(harness.app.db, "teams", "29:nieuw-2")).toBeUndefined(); // a guest
    expect(everyone()).toHaveLength(109);

    await gp.post(teamUpdate({ membersRemoved: [{ id: "29:member-1" }, { id: "29:nieuw-1" }] }));
    expect(findIdentity(harness.app.db, "teams", "29:member-1")?.leftAt).not.toBeNull();
    expect(everyone()).toHaveLength(107);
    expect(everyone()).not.toContain("29:member-1");
    expect(everyone()).not.toContain("29:nieuw-1");
  });

  it("asks a page again after each Retry-After (botbuilder's own retries are off)", async () => {
    harness = await TeamsHarness.start();
    const limited = { match: /pagedmembers/, status: 429, headers: { "retry-after": "0" } };
    harness.connector.failures.push(limited, limited, limited, limited);
    await addBotToTeam(300);
    // Four answers refused, each asked again once after its Retry-After, then the two pages after it.
    expect(harness.connector.rosterReads(team).map((r) => r.status)).toEqual([429, 429, 429, 429, 200, 200, 200]);
    expect(directoryCount()).toBe(270);
  });

  it("resumes a sync cut off by a crash at the stored continuation token", async () => {
    const databasePath = tempDatabasePath();
    harness = await TeamsHarness.start({ DATABASE_PATH: databasePath });
    // The second page is refused (an outage the connector does not retry): the sync stops after page one.
    harness.connector.failures.push({ match: /pagedmembers\?.*continuationToken/, status: 403 });
    await addBotToTeam(300);
    const stopped = syncState(harness.app.db, "teams", team);
    expect(stopped?.cursor).toBeTruthy();
    expect(directoryCount()).toBe(90);
    await harness.app.stop();

    // The bot starts again on the same database: the sync continues at the page it had reached.
    const readsBefore = harness.connector.rosterReads(team).length;
    second = await startApp({
      config: testConfig({ DATABASE_PATH: databasePath, PUBLIC_URL: "https://spreekuur.test" }),
      log: silentLogger,
      clock: new ManualClock(june2027),
      drainEveryMs: 3_600_000,
    });
    await directoryOf(second.adapters.find((a) => a.platform === "teams")).idle();
    const resumed = harness.connector.rosterReads(team).slice(readsBefore);
    expect(resumed.map((r) => r.query?.continuationToken)).toEqual([stopped?.cursor, expect.any(String)]);
    expect(
      (second.db.prepare("SELECT count(*) AS n FROM identities WHERE in_directory = 1").get() as { n: number }).n,
    ).toBe(270);
    expect(syncState(second.db, "teams", team)?.cursor).toBeUndefined();
    // Restore the harness's app for afterEach: it was stopped above.
    harness.app = second as typeof harness.app;
    second = undefined;
  });
});

describe("first contact on Teams", () => {
  it("creates the 1:1 chat of a member who never wrote, once, and sends there", async () => {
    harness = await TeamsHarness.start();
    await addBotToTeam(20);
    const user = "29:member-5";
    const opened = await harness.teams.openDirect?.({ user, workspace: tenantId });
    expect(opened).toEqual({ ok: true, conversation: `a:1:1-${user}` });
    const creations = harness.connector.calls.filter((c) => c.method === "POST" && c.path === "/v3/conversations");
    expect(creations).toHaveLength(1);
    expect(creations[0]?.body).toMatchObject({
      isGroup: false,
      members: [{ id: user }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    });
    expect(findIdentity(harness.app.db, "teams", user)?.dmConversation).toBe(`a:1:1-${user}`);

    const to = { platform: "teams", conversation: `a:1:1-${user}`, user, workspace: tenantId };
    expect(await harness.teams.send(to, { text: "Nieuwe denksessie in Utrecht" })).toMatchObject({ ok: true });
    const [sent] = harness.connector.sentTo(`a:1:1-${user}`);
    expect(sent).toMatchObject({ recipient: { id: user }, conversation: { id: `a:1:1-${user}` } });
    expect(cardText(cardOf(sent))).toContain("Nieuwe denksessie");

    // Again: the stored chat, no second creation.
    expect(await harness.teams.openDirect?.({ user, workspace: tenantId })).toEqual(opened);
    expect(harness.connector.calls.filter((c) => c.path === "/v3/conversations")).toHaveLength(1);
  });

  it("needs no creation for a member who wrote first: their chat, in their tenant", async () => {
    harness = await TeamsHarness.start();
    const gp = harness.user("29:schrijver");
    await gp.install();
    expect(findIdentity(harness.app.db, "teams", "29:schrijver")?.workspace).toBe(tenantId);
    expect(await harness.teams.openDirect?.({ user: "29:schrijver", workspace: tenantId })).toEqual({
      ok: true,
      conversation: gp.conversationId,
    });
    expect(harness.connector.calls.filter((c) => c.path === "/v3/conversations")).toHaveLength(0);
  });

  it("reports a tenant it has no conversation in, and a rate-limited creation after its one request", async () => {
    harness = await TeamsHarness.start();
    await addBotToTeam(20);
    expect(await harness.teams.openDirect?.({ user: "29:member-1", workspace: "other-tenant" })).toMatchObject({
      ok: false,
      reason: "not_found",
    });
    const limited = { match: /^POST \/v3\/conversations$/, status: 429, headers: { "retry-after": "0" } };
    harness.connector.failures.push({ ...limited, headers: { "retry-after": "7" } });
    expect(await harness.teams.openDirect?.({ user: "29:member-2", workspace: tenantId })).toEqual({
      ok: false,
      reason: "rate_limited",
      retryAfterMs: 7000,
      scope: "workspace",
    });
    expect(harness.connector.calls.filter((c) => c.path === "/v3/conversations")).toHaveLength(1);
    expect(findIdentity(harness.app.db, "teams", "29:member-2")?.dmConversation).toBeNull();
  });
});
