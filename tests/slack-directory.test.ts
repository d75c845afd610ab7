import { existsSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { type App, startApp } from "../adapters/app.js";
import { createDirectoryClient, syncSlackDirectory } from "../adapters/slack/directory-sync.js";
import { ManualClock } from "../src/clock.js";
import { audienceMembers } from "../src/domain/audience.js";
import { advanceSync, startSync, syncState } from "../src/domain/directory.js";
import { findIdentity } from "../src/domain/identities.js";
import { createLogger, silentLogger } from "../src/log.js";
import { emailHash } from "../src/services/email-hash.js";
import { testConfig } from "./support/app-config.js";
import { june2027, tempDatabasePath } from "./support/driver.js";
import { FakeSlack, type RecordedCall } from "./support/fake-slack.js";
import { type FakeUser, generateUsers, postUserEvent } from "./support/fake-slack-users.js";
import { botToken, eventCallback, post, signingSecret } from "./support/slack-requests.js";

// The Slack member directory through the real Bolt app and Web API client against the fake Web API: the sync at
// start (paged, resumable, paced, honouring 429), and team_join / user_change keeping it current.

const emailKey = "k".repeat(40);
/** 500 accounts: 10 bots (Slackbot among them), 15 deleted, 25 guests, so 450 members. */
const workspace500 = () => generateUsers(500, { bots: 10, deleted: 15, guests: 25 });

let fake: FakeSlack;
let running: App[] = [];

afterEach(async () => {
  for (const app of running) await app.stop();
  running = [];
  await fake?.stop();
});

async function startBot(env: Record<string, string> = {}, databasePath = tempDatabasePath(), log = silentLogger) {
  const clock = new ManualClock(june2027);
  const app = await startApp({
    config: testConfig({
      DATABASE_PATH: databasePath,
      HOST: "127.0.0.1",
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: fake.apiUrl,
      SLACK_DIRECTORY_SYNC: "on",
      // Tier 2 scaled up a hundredfold, so a page follows the one before within 10 ms.
      SLACK_DIRECTORY_CALLS_PER_MINUTE: "6000",
      ...env,
    }),
    log,
    clock,
    drainEveryMs: 3_600_000,
    scheduler: false,
  });
  running.push(app);
  const db = app.core.ctx.db;
  return { app, db, clock, databasePath, url: `http://127.0.0.1:${app.port}/slack/events` };
}
type Bot = Awaited<ReturnType<typeof startBot>>;

const count = (bot: Bot, sql: string) => (bot.db.prepare(sql).get() as { n: number }).n;
const directorySize = (bot: Bot) =>
  count(bot, "SELECT count(*) AS n FROM identities WHERE in_directory = 1 AND left_at IS NULL");
const finished = (bot: Bot) => fake.waitFor(() => syncState(bot.db, "slack", "T1")?.finishedAt !== undefined, 10_000);
const listCalls = () => fake.callsTo("users.list");
const nextCursor = (call: RecordedCall | undefined) =>
  (call?.result?.response_metadata as { next_cursor?: string } | undefined)?.next_cursor;

const waitForIdentity = (bot: Bot, user: string, left: boolean) =>
  fake.waitFor(() => {
    const identity = findIdentity(bot.db, "slack", user);
    return identity && (identity.leftAt !== null) === left;
  });

async function stopBot(bot: Bot): Promise<void> {
  await bot.app.stop();
  running = running.filter((app) => app !== bot.app);
}

describe("Slack directory sync", () => {
  it("stores the 450 members of 500 accounts at start, skipping bots, deleted accounts and guests", async () => {
    fake = await new FakeSlack().start();
    fake.directory.users = workspace500();
    const bot = await startBot();
    await finished(bot);
    expect(directorySize(bot)).toBe(450);
    for (const skipped of ["USLACKBOT", "U00011", "U00101", "U00251"])
      expect(findIdentity(bot.db, "slack", skipped)).toBe(undefined);
    expect(count(bot, "SELECT count(*) AS n FROM identities WHERE guest = 1")).toBe(0);
    // Three pages of at most 200, each asked with the one cursor the page before gave.
    const calls = listCalls();
    expect(calls.map((c) => c.params.limit)).toEqual(["200", "200", "200"]);
    expect(calls[0]?.params.cursor).toBe(undefined);
    expect(calls[0]?.params.include_locale).toBe("true");
    expect(calls.slice(1).map((c) => c.params.cursor)).toEqual(calls.slice(0, 2).map(nextCursor));
    // The platform's language fills the member's, when the bot speaks it.
    const locales = bot.db.prepare("SELECT locale, count(*) AS n FROM members GROUP BY locale ORDER BY locale").all();
    expect(locales.map((row) => (row as { locale: string | null }).locale)).toEqual([null, "en", "nl"]);
    expect(audienceMembers(bot.db, { kind: "everyone" })).toHaveLength(450);
  });

  it("takes guests too with DIRECTORY_GUESTS=include, and counts what it did", async () => {
    fake = await new FakeSlack().start();
    fake.directory.users = workspace500();
    const bot = await startBot({ SLACK_DIRECTORY_SYNC: "off" });
    const client = createDirectoryClient(botToken, { slackApiUrl: fake.apiUrl });
    const sync = (settings: { DIRECTORY_GUESTS: "include" | "skip" }) =>
      syncSlackDirectory({ client, db: bot.db, clock: bot.clock, log: silentLogger, settings, callsPerMinute: 6000 });
    expect(await sync({ DIRECTORY_GUESTS: "include" })).toEqual({
      seen: 500,
      added: 475,
      left: 0,
      skipped: 25,
      requests: 3,
      rateLimited: 0,
      finished: true,
    });
    expect(count(bot, "SELECT count(*) AS n FROM identities WHERE guest = 1 AND left_at IS NULL")).toBe(25);
    // The next day two members are gone from the list and guests are skipped again: all of those leave.
    fake.directory.users = workspace500().filter((u) => u.id !== "U00002" && u.id !== "U00003");
    bot.clock.advance(86_400_000);
    const again = await sync({ DIRECTORY_GUESTS: "skip" });
    expect(again).toMatchObject({ seen: 498, added: 0, left: 27, skipped: 25, finished: true });
    expect(directorySize(bot)).toBe(448);
  });

  it("starts over when Slack no longer takes the stored cursor", async () => {
    fake = await new FakeSlack().start();
    fake.directory.users = generateUsers(300);
    const bot = await startBot({ SLACK_DIRECTORY_SYNC: "off" });
    startSync(bot.db, "slack", "T1", june2027);
    advanceSync(bot.db, "slack", "T1", "c3RhbGU=", 200);
    const client = createDirectoryClient(botToken, { slackApiUrl: fake.apiUrl });
    const settings = { DIRECTORY_GUESTS: "skip" } as const;
    const counts = await syncSlackDirectory({
      client,
      db: bot.db,
      clock: bot.clock,
      log: silentLogger,
      settings,
      callsPerMinute: 6000,
    });
    expect(counts).toMatchObject({ seen: 300, added: 300, requests: 3, finished: true });
    expect(listCalls().map((c) => c.params.cursor)).toEqual(["c3RhbGU=", undefined, expect.any(String)]);
  });

  it("resumes a sync cut short at the stored cursor, without reading the first pages again", async () => {
    fake = await new FakeSlack().start();
    fake.directory.users = generateUsers(1000, { bots: 2 });
    // The fourth page fails: the first three (600 accounts) and the cursor after them were stored page by page.
    fake.directory.failPage(4);
    const first = await startBot();
    await fake.waitFor(() => listCalls().length === 4 && listCalls()[3]?.result);
    const cursor = syncState(first.db, "slack", "T1")?.cursor;
    expect(cursor).toBe(nextCursor(listCalls()[2]));
    expect(syncState(first.db, "slack", "T1")?.finishedAt).toBe(undefined);
    expect(directorySize(first)).toBe(598);
    await stopBot(first);

    const before = listCalls().length;
    const second = await startBot({}, first.databasePath);
    await finished(second);
    const resumed = listCalls().slice(before);
    expect(resumed.map((c) => c.params.cursor)).toEqual([cursor, expect.any(String)]);
    expect(directorySize(second)).toBe(998);
    expect(syncState(second.db, "slack", "T1")).toMatchObject({ cursor: undefined, seen: 1000 });
  });

  it("waits out a 429's Retry-After and goes on: no call inside the window the fake gave", async () => {
    fake = await new FakeSlack().start();
    fake.directory.users = workspace500();
    // Slack's Tier 2 at one call a second: the bot's faster pace runs into it.
    fake.directory.limitTier2({ perWindow: 1, windowMs: 1000 });
    const bot = await startBot();
    await finished(bot);
    const stats = fake.directory.stats();
    expect(stats.tooMany).toBeGreaterThan(0);
    expect(stats.insideRetryAfter).toBe(0);
    expect(stats.requests).toBe(3 + stats.tooMany);
    expect(directorySize(bot)).toBe(450);
  });
});

describe("Slack directory events", () => {
  const member = (overrides: Partial<FakeUser>): FakeUser => ({ ...generateUsers(1)[0], ...overrides }) as FakeUser;

  it("team_join adds a member; user_change with deleted takes them out of every audience", async () => {
    fake = await new FakeSlack().start();
    const bot = await startBot({ SLACK_DIRECTORY_SYNC: "off" });
    const everyone = () => audienceMembers(bot.db, { kind: "everyone" }).map((m) => m.userId);

    expect((await postUserEvent(bot.url, "team_join", member({ id: "UNEW1" }))).status).toBe(200);
    expect((await postUserEvent(bot.url, "team_join", member({ id: "UNEW2", locale: "en-GB" }))).status).toBe(200);
    await waitForIdentity(bot, "UNEW2", false);
    await waitForIdentity(bot, "UNEW1", false);
    expect(everyone().sort()).toEqual(["UNEW1", "UNEW2"]);

    await postUserEvent(bot.url, "user_change", member({ id: "UNEW1", deleted: true }));
    await waitForIdentity(bot, "UNEW1", true);
    expect(everyone()).toEqual(["UNEW2"]);
    // Made a guest while guests are skipped: out of the directory too; a bot account never joins.
    await postUserEvent(bot.url, "user_change", member({ id: "UNEW2", is_restricted: true }));
    await waitForIdentity(bot, "UNEW2", true);
    await postUserEvent(bot.url, "team_join", member({ id: "BBOT1", is_bot: true }));
    await postUserEvent(bot.url, "team_join", member({ id: "UNEW3" }));
    await waitForIdentity(bot, "UNEW3", false);
    expect(findIdentity(bot.db, "slack", "BBOT1")).toBe(undefined);
    expect(everyone()).toEqual(["UNEW3"]);
    // Someone of another organisation in a shared channel changed their profile: no member of ours.
    await postUserEvent(bot.url, "user_change", member({ id: "UOTHER", team_id: "T2" }));
    await postUserEvent(bot.url, "user_change", member({ id: "UNEW4" }));
    await waitForIdentity(bot, "UNEW4", false);
    expect(findIdentity(bot.db, "slack", "UOTHER")).toBe(undefined);
    // A team_join whose user is no account is refused before Bolt, and stores nothing.
    const broken = await post(bot.url, eventCallback({ type: "team_join", user: { name: "x" } }));
    expect(broken.status).toBe(400);
  });

  it("stores the e-mail hash only with MEMBER_EMAIL_KEY, and the address never", async () => {
    fake = await new FakeSlack().start();
    fake.directory.users = generateUsers(250, { bots: 1 });
    const address = fake.directory.users[1]?.profile.email ?? "";
    const lines: string[] = [];
    const log = createLogger("debug", { write: (line: string) => void lines.push(line) });
    const withKey = await startBot({ MEMBER_EMAIL_KEY: emailKey }, tempDatabasePath(), log);
    await finished(withKey);
    await postUserEvent(withKey.url, "user_change", { ...(fake.directory.users[2] as FakeUser), deleted: true });
    await waitForIdentity(withKey, "U00003", true);
    // The sync said what it did (counts), and nothing of who.
    expect(lines.some((line) => line.includes('"seen":250'))).toBe(true);
    expect(lines.join("\n")).not.toMatch(/praktijk\.example|Huisarts|huisarts/);
    const hash = (bot: Bot) =>
      (bot.db.prepare("SELECT email_hash AS h FROM identities WHERE user_id = 'U00002'").get() as { h: string | null })
        .h;
    expect(hash(withKey)).toBe(emailHash(emailKey, address));
    await stopBot(withKey);

    const withoutKey = await startBot();
    await finished(withoutKey);
    expect(directorySize(withoutKey)).toBe(249);
    expect(hash(withoutKey)).toBe(null);
    await stopBot(withoutKey);

    for (const path of [withKey.databasePath, withoutKey.databasePath]) {
      for (const file of [path, `${path}-wal`]) {
        if (!existsSync(file)) continue;
        const text = readFileSync(file).toString("latin1");
        expect(text).not.toContain("@praktijk.example.nl");
        expect(text).not.toContain("Huisarts 00002");
      }
    }
  });
});
