import { afterEach, describe, expect, it } from "vitest";
import { finishSync, markLeft, startSync, upsertDirectoryEntry } from "../src/domain/directory.js";
import { ensureIdentity, resolveMemberKey } from "../src/domain/identities.js";
import { linkMembers } from "../src/domain/linking.js";
import { setOptedOut, setProfile } from "../src/domain/members.js";
import { type Db, openDatabase } from "../src/storage/db.js";
import { cli } from "./support/cli.js";
import { tempDatabasePath } from "./support/driver.js";
import { FakeSlack } from "./support/fake-slack.js";
import { generateUsers } from "./support/fake-slack-users.js";
import { botToken, signingSecret } from "./support/slack-requests.js";

// `spreekuur directory status` and `spreekuur member show` on a seeded database: a Slack workspace and a Teams
// tenant, with a guest, one who left, one who opted out, and one person on both platforms.

const now = Date.UTC(2027, 5, 1, 8, 0);
const hash = "c0ffee-email-hash-never-shown";
let db: Db | undefined;
afterEach(() => db?.close());

function seeded(): { env: { DATABASE_PATH: string } } {
  const env = { DATABASE_PATH: tempDatabasePath() };
  db = openDatabase(env.DATABASE_PATH);
  const slack = (userId: string, extra: { guest?: boolean; emailHash?: string } = {}) =>
    upsertDirectoryEntry(db as Db, { platform: "slack", workspace: "T1", userId, guest: false, ...extra }, now);
  startSync(db, "slack", "T1", now - 60_000);
  const wrote = slack("U1");
  const optedOut = slack("U2");
  slack("U3", { guest: true });
  slack("U4");
  const linked = slack("U5", { emailHash: hash });
  finishSync(db, "slack", "T1", now);
  ensureIdentity(db, { platform: "slack", userId: "U1", workspace: "T1", dmConversation: "D1" }, now);
  markLeft(db, "slack", "U4", now);
  setOptedOut(db, optedOut, true, now);

  startSync(db, "teams", "tenant-a", now); // under way: no finish
  upsertDirectoryEntry(db, { platform: "teams", workspace: "tenant-a", userId: "29:a", guest: false }, now);
  const teamsSide = upsertDirectoryEntry(
    db,
    { platform: "teams", workspace: "tenant-a", userId: "29:b", guest: false },
    now,
  );
  ensureIdentity(db, { platform: "teams", userId: "29:b", workspace: "tenant-a", dmConversation: "a:dm-b" }, now);
  // Linked by `koppel`: the Teams account joins the Slack account's (older) person.
  expect(linkMembers(db, linked, teamsSide, "code", now).keep).toBe(linked);
  setProfile(db, linked, "Dr. Twee Werelden", "huisarts");
  db.prepare("UPDATE members SET locale = 'en', preferred_platform = 'teams' WHERE id = ?").run(linked);
  // An organiser named by key who never wrote: an identity with no workspace yet.
  resolveMemberKey(db, { platform: "slack", userId: "U9" }, now);
  expect(wrote).not.toBe(linked);
  return { env };
}

describe("spreekuur directory status", () => {
  it("counts per platform and workspace, persons once, and the syncs", async () => {
    const { env } = seeded();
    const { code, out } = await cli(env, "directory", "status", "--json");
    expect(code).toBe(0);
    const status = JSON.parse(out);
    expect(status.workspaces).toEqual([
      expect.objectContaining({ platform: "slack", workspace: "", identities: 1, inDirectory: 0, neverWrote: 1 }),
      {
        platform: "slack",
        workspace: "T1",
        identities: 5,
        inDirectory: 5,
        present: 4,
        left: 1,
        guests: 1,
        wrote: 1,
        neverWrote: 3,
        linked: 1,
        optedOut: 1,
        sync: {
          started_at: new Date(now - 60_000).toISOString(),
          finished_at: new Date(now).toISOString(),
          under_way: false,
        },
      },
      {
        platform: "teams",
        workspace: "tenant-a",
        identities: 2,
        inDirectory: 2,
        present: 2,
        left: 0,
        guests: 0,
        wrote: 1,
        neverWrote: 1,
        linked: 1,
        optedOut: 0,
        sync: { started_at: new Date(now).toISOString(), finished_at: null, under_way: true },
      },
    ]);
    // U1, U2, U3, U9, 29:a and the linked person once; U4 left.
    expect(status.persons).toEqual({ persons: 6, linked: 1, optedOut: 1 });
  });

  it("prints the same as text", async () => {
    const { env } = seeded();
    const { out } = await cli(env, "directory", "status");
    expect(out).toContain("slack T1: 5 identities, 5 in the directory; present 4, left 1\n");
    expect(out).toContain("1 guest, 1 wrote, 3 never wrote, 1 linked to another platform, 1 opted out");
    expect(out).toContain("last sync: started 2027-06-01 07:59 UTC, finished 2027-06-01 08:00 UTC");
    expect(out).toContain("teams tenant-a: 2 identities");
    expect(out).toContain("sync under way since 2027-06-01 08:00 UTC (last finished: never)");
    expect(out).toContain("slack (workspace not known yet): 1 identity");
    expect(out).toContain("Persons: 6 present, 1 on two platforms, 1 opted out.");
  });

  it("an empty database says so", async () => {
    const env = { DATABASE_PATH: tempDatabasePath() };
    const { code, out } = await cli(env, "directory", "status");
    expect(code).toBe(0);
    expect(out).toContain("No identities yet");
    expect(out).toContain("Persons: 0 present");
  });

  it("sync without Slack says there is nothing to sync, and how Teams keeps current", async () => {
    const env = { DATABASE_PATH: tempDatabasePath() };
    const { code, out } = await cli(env, "directory", "sync");
    expect(code).toBe(0);
    expect(out).toContain("Slack: not configured");
    expect(out).toContain("membersAdded / membersRemoved");
  });
});

describe("spreekuur directory sync with Slack", () => {
  let fake: FakeSlack | undefined;
  afterEach(async () => fake?.stop());

  it("pages through users.list with the Slack adapter's sync; status then counts the members", async () => {
    fake = await new FakeSlack().start();
    fake.directory.users = generateUsers(500, { bots: 10, deleted: 15, guests: 25 });
    const env = {
      DATABASE_PATH: tempDatabasePath(),
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: fake.apiUrl,
      // Tier 2 scaled up, so the three pages follow each other quickly.
      SLACK_DIRECTORY_CALLS_PER_MINUTE: "6000",
    };
    const synced = await cli(env, "directory", "sync");
    expect(synced.code).toBe(0);
    expect(synced.out).toContain("Slack: directory synced (seen: 500, added: 450, left: 0, skipped: 50, requests: 3");
    expect(fake.callsTo("users.list")).toHaveLength(3);
    const status = JSON.parse((await cli(env, "directory", "status", "--json")).out);
    expect(status.workspaces).toEqual([
      expect.objectContaining({ platform: "slack", workspace: "T1", inDirectory: 450, neverWrote: 450, guests: 0 }),
    ]);
    expect(status.workspaces[0].sync).toMatchObject({ under_way: false, finished_at: expect.any(String) });
  });

  it("a Slack error is a clear CLI error naming its code", async () => {
    fake = await new FakeSlack().start();
    fake.revokeToken("invalid_auth");
    const env = {
      DATABASE_PATH: tempDatabasePath(),
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: fake.apiUrl,
    };
    const failed = await cli(env, "directory", "sync");
    expect(failed.code).toBe(1);
    expect(failed.err).toBe("slack directory sync failed: invalid_auth\n");
  });
});

describe("spreekuur member show", () => {
  it("lists a linked person's accounts on both platforms, by either key, never the e-mail hash", async () => {
    const { env } = seeded();
    const bySlack = await cli(env, "member", "show", "slack:U5", "--json");
    expect(bySlack.code).toBe(0);
    const shown = JSON.parse(bySlack.out);
    expect(shown).toMatchObject({
      roster_name: "Dr. Twee Werelden",
      role: "huisarts",
      locale: "en",
      preferred_platform: "teams",
      opted_out_at: null,
    });
    expect(shown.identities).toEqual([
      {
        platform: "slack",
        workspace: "T1",
        user_id: "U5",
        in_directory: true,
        left_at: null,
        guest: false,
        has_dm_conversation: false,
        last_seen_at: null,
        linked_by: null,
      },
      {
        platform: "teams",
        workspace: "tenant-a",
        user_id: "29:b",
        in_directory: true,
        left_at: null,
        guest: false,
        has_dm_conversation: true,
        last_seen_at: new Date(now).toISOString(),
        linked_by: "code",
      },
    ]);
    const byTeams = await cli(env, "member", "show", "teams:29:b", "--json");
    expect(JSON.parse(byTeams.out)).toEqual(shown);

    const text = await cli(env, "member", "show", "teams:29:b");
    expect(text.out).toContain("Member ");
    expect(text.out).toContain("reached on: teams");
    expect(text.out).toContain("slack:U5 in T1\n");
    expect(text.out).toContain("teams:29:b in tenant-a\n");
    expect(text.out).toContain("linked by: code");
    for (const printed of [bySlack.out, text.out]) {
      expect(printed).not.toContain(hash);
      expect(printed).not.toMatch(/hash/i);
    }
  });

  it("shows who left and who opted out; an unknown account is an error", async () => {
    const { env } = seeded();
    const left = await cli(env, "member", "show", "slack:U4");
    expect(left.out).toContain("left: 2027-06-01 08:00 UTC");
    const optedOut = await cli(env, "member", "show", "slack:U2");
    expect(optedOut.out).toContain("opted out: since 2027-06-01 08:00 UTC");
    const unknown = await cli(env, "member", "show", "slack:U404");
    expect(unknown).toMatchObject({ code: 1, err: "No data stored for slack:U404.\n" });
  });
});
