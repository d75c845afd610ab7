import { afterEach, describe, expect, it } from "vitest";
import { markLeft, upsertDirectoryEntry } from "../src/domain/directory.js";
import { ensureIdentity, findIdentity } from "../src/domain/identities.js";
import { issueLinkCode } from "../src/domain/link-codes.js";
import { personAsMember } from "../src/domain/privacy-persons.js";
import { signUp } from "../src/domain/signups.js";
import { applyRetention, eraseMember, exportMemberData } from "../src/services/member-data.js";
import type { Db } from "../src/storage/db.js";
import type { Member } from "../src/types.js";
import { cli } from "./support/cli.js";
import { Driver, sessionsCsv } from "./support/driver.js";
import { textColumnsHolding } from "./support/erasure-fixture.js";

// Export, erasure and retention of a person with accounts on two platforms (linked by e-mail or `koppel`), and of
// accounts that left the workspace.

let driver: Driver | undefined;
afterEach(() => driver?.close());

const linked = { slack: "U0LINKED5", slackDm: "D0LINKED5", teams: "29:1linkedQw", teamsDm: "a:1linkedDmZ" };
const hash = "f00d-hmac-of-the-address";
let code = "";

function insertAudit(db: Db, actor: string, subject: string | null, detail: string | null): void {
  db.prepare("INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (0, ?, 'test', ?, ?)").run(
    actor,
    subject,
    detail,
  );
}

/** A person on Slack and Teams (joined by e-mail), with references, a link code, audit mentions; and someone else. */
function linkedPerson(): { db: Db; person: Member; other: Member } {
  driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 5 }]) });
  const { db } = driver.ctx;
  const now = driver.clock.now();
  const entry = (platform: string, workspace: string, userId: string) =>
    upsertDirectoryEntry(db, { platform, workspace, userId, guest: false, emailHash: hash }, now);
  const memberId = entry("slack", "T1", linked.slack);
  // The same e-mail hash: the directory links the Teams account to the Slack account's person.
  expect(entry("teams", "tenant-1", linked.teams)).toBe(memberId);
  ensureIdentity(db, { platform: "slack", userId: linked.slack, workspace: "T1", dmConversation: linked.slackDm }, now);
  ensureIdentity(db, { platform: "teams", userId: linked.teams, dmConversation: linked.teamsDm }, now);
  db.prepare("UPDATE members SET preferred_platform = 'teams', opted_out_at = ? WHERE id = ?").run(now, memberId);
  const teamsIdentity = findIdentity(db, "teams", linked.teams);
  if (!teamsIdentity) throw new Error("setup");
  code = issueLinkCode(db, teamsIdentity.id, now);
  const reference = (platform: string, conversation: string, userId: string) =>
    db
      .prepare(
        "INSERT INTO conversation_refs (platform, conversation, user_id, reference, updated_at) VALUES (?, ?, ?, '{}', ?)",
      )
      .run(platform, conversation, userId, now);
  reference("slack", linked.slackDm, linked.slack);
  reference("teams", linked.teamsDm, linked.teams);
  reference("teams", "a:1otherDm", "29:1other");
  insertAudit(db, "cli", "S1", `slack:${linked.slack}`);
  insertAudit(db, "cli", `teams:${linked.teams}`, null);
  insertAudit(db, "cli", "S1", `conversation=${linked.teamsDm}`);
  insertAudit(db, "cli", "S1", "teams:29:1other");
  const otherId = upsertDirectoryEntry(
    db,
    { platform: "teams", workspace: "tenant-1", userId: "29:1other", guest: false },
    now,
  );
  const person = personAsMember(db, memberId);
  const other = personAsMember(db, otherId);
  if (!person || !other) throw new Error("setup");
  return { db, person, other };
}

describe("a person with accounts on two platforms", () => {
  it("export lists both accounts, the link code's expiry, preference and opt-out; never the hash or code", () => {
    const { person } = linkedPerson();
    const data = exportMemberData((driver as Driver).ctx, person);
    expect(data.identities).toEqual([
      expect.objectContaining({ platform: "slack", workspace: "T1", user_id: linked.slack, "e-mail hash": "yes" }),
      expect.objectContaining({ platform: "teams", user_id: linked.teams, linked_by: "email", "e-mail hash": "yes" }),
      { kind: "link code", identity: `teams:${linked.teams}`, expires_at: expect.any(Number) },
    ]);
    expect(data.profile).toEqual([
      expect.objectContaining({ preferred_platform: "teams", opted_out_at: expect.any(Number) }),
    ]);
    expect(data["conversation references"]).toHaveLength(2);
    const text = JSON.stringify(data);
    expect(text).not.toContain(hash);
    expect(text).not.toContain(code);
    expect(text).not.toContain("29:1other");
  });

  it("erasure leaves no account, link code, reference or audit text naming either one; others keep theirs", () => {
    const { db, person, other } = linkedPerson();
    const names = [linked.slack, linked.slackDm, linked.teams, linked.teamsDm];
    expect(textColumnsHolding(db, names).length).toBeGreaterThanOrEqual(7);
    eraseMember((driver as Driver).ctx, person);
    expect(textColumnsHolding(db, names)).toEqual([]);
    expect(db.prepare("SELECT count(*) AS n FROM identities WHERE member_id = ?").get(person.id)).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM link_codes").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM members WHERE id = ?").get(person.id)).toEqual({ n: 0 });
    expect(db.prepare("SELECT subject, detail FROM audit_log WHERE action = 'test' ORDER BY id").all()).toEqual([
      { subject: "S1", detail: "erased" },
      { subject: "erased", detail: null },
      { subject: "S1", detail: "erased" },
      { subject: "S1", detail: "teams:29:1other" },
    ]);
    expect(findIdentity(db, "teams", "29:1other")?.memberId).toBe(other.id);
    expect(db.prepare("SELECT count(*) AS n FROM conversation_refs").get()).toEqual({ n: 1 });
  });
});

describe("a person whose accounts all left", () => {
  it("can still be exported and erased by mail, by either account", async () => {
    const { db, person } = linkedPerson();
    markLeft(db, "slack", linked.slack, 0);
    markLeft(db, "teams", linked.teams, 0);
    const env = { DATABASE_PATH: (driver as Driver).ctx.config.DATABASE_PATH };
    const exported = await cli(env, "member", "export", `slack:${linked.slack}`);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.out).identities).toHaveLength(3);
    expect(await cli(env, "member", "erase", `teams:${linked.teams}`)).toMatchObject({ code: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM members WHERE id = ?").get(person.id)).toEqual({ n: 0 });
    expect(await cli(env, "member", "show", `slack:${linked.slack}`)).toMatchObject({ code: 1 });
  });
});

describe("retention of accounts that left", () => {
  const thirteenMonths = 13 * 31 * 86_400_000;

  it("erases a person all of whose accounts left before the period, and only the old account of one still here", () => {
    const { db, person } = linkedPerson();
    const ctx = (driver as Driver).ctx;
    const start = driver?.clock.now() ?? 0;
    const entry = (userId: string) =>
      upsertDirectoryEntry(db, { platform: "slack", workspace: "T1", userId, guest: false }, start);
    const gone = entry("U0GONE001");
    const recent = entry("U0RECENT1");
    const signedUp = entry("U0SIGNED1");
    signUp(db, "S1", signedUp, "huisarts", start);
    for (const userId of [linked.slack, "U0GONE001", "U0SIGNED1"]) markLeft(db, "slack", userId, start);
    // A year after the session (15 September 2027) too, so its sign-ups are past the period.
    const later = Date.UTC(2028, 9, 1);
    markLeft(db, "slack", "U0RECENT1", later - 86_400_000);
    driver?.clock.set(later);

    const { removed } = applyRetention(ctx);
    // Gone, and the linked person's Slack account (they are still on Teams). The one with a sign-up had it
    // removed with the past session's sign-ups, so goes too; the one who left a day ago stays.
    expect(removed.identities).toBe(1);
    expect(removed["members who left"]).toBe(2);
    const ids = (db.prepare("SELECT member_id FROM identities").all() as { member_id: number }[]).map(
      (row) => row.member_id,
    );
    expect(ids).not.toContain(gone);
    expect(ids).not.toContain(signedUp);
    expect(ids).toContain(recent);
    expect(findIdentity(db, "slack", linked.slack)).toBeUndefined();
    expect(findIdentity(db, "teams", linked.teams)?.memberId).toBe(person.id);
    expect(textColumnsHolding(db, [linked.slack, linked.slackDm, "U0GONE001", "U0SIGNED1"])).toEqual([]);
    expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'retention.erase'").get()).toEqual({ n: 2 });
    expect(applyRetention(ctx).removed["members who left"]).toBe(0);
  });

  it("keeps a person who left while they still have a sign-up within the period", () => {
    const { db } = linkedPerson();
    const ctx = (driver as Driver).ctx;
    const start = driver?.clock.now() ?? 0;
    const member = upsertDirectoryEntry(
      db,
      { platform: "slack", workspace: "T1", userId: "U0STAYS01", guest: false },
      start,
    );
    markLeft(db, "slack", "U0STAYS01", start);
    signUp(db, "S1", member, "huisarts", start);
    // A month on: the session has not passed the period, so its sign-up (and the person) stay.
    driver?.clock.set(start + 31 * 86_400_000);
    db.prepare("UPDATE identities SET left_at = ? WHERE user_id = 'U0STAYS01'").run(start - thirteenMonths);
    expect(applyRetention(ctx).removed["members who left"]).toBe(0);
    expect(findIdentity(db, "slack", "U0STAYS01")?.memberId).toBe(member);
  });
});
