import { describe, expect, it } from "vitest";
import { auditEntries } from "../src/domain/audit.js";
import { identitiesOf } from "../src/domain/identities.js";
import { isLeaderOf } from "../src/domain/leaders.js";
import { findMember, getMemberById } from "../src/domain/members.js";
import { isOrganiser } from "../src/domain/organisers.js";
import { type Db, migrate, openDatabase } from "../src/storage/db.js";
import { tempDatabasePath } from "./support/driver.js";

// From the version before, with data: a database at schema 10 with rows in every table, then migration 011.

const rowsAtVersion10 = `
INSERT INTO members (id, platform, user_id, roster_name, role, locale, dm_conversation, reachable, created_at) VALUES
  (1, 'slack', 'U1', 'Dr. Anna de Vries', 'huisarts', 'nl', 'D1', 1, 100),
  (2, 'teams', '29:bram', 'Bram Jansen', 'aios', 'en', 'a:1bram', 0, 200),
  (5, 'slack', 'U5', NULL, NULL, NULL, NULL, 1, 300);
-- member 4 was erased: its id must never be handed out again
INSERT INTO sqlite_sequence (name, seq) SELECT 'members', 7 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'members');
UPDATE sqlite_sequence SET seq = 7 WHERE name = 'members';
INSERT INTO sessions (id, title, starts_at, ends_at, venue, address, city, region, leader_name, capacity, audience,
  created_at, updated_at) VALUES ('S1', 'Denksessie', 1000, 2000, 'Zaal', 'Straat 1', 'Utrecht', 'Utrecht', 'L', 10,
  'both', 0, 0);
INSERT INTO signups (session_id, member_id, status, seq, created_at, updated_at) VALUES
  ('S1', 1, 'confirmed', 1, 10, 10), ('S1', 2, 'waitlisted', 2, 11, 11);
INSERT INTO organisers (platform, user_id, added_at) VALUES ('slack', 'U1', 5), ('teams', '29:never-wrote', 6);
INSERT INTO session_leaders (session_id, platform, user_id, linked_at) VALUES ('S1', 'teams', '29:bram', 7);
INSERT INTO audit_log (at, actor, action, subject, detail) VALUES
  (1, 'slack:U1', 'broadcast.confirm', 'broadcast:1', '2 recipients'), (2, 'cli', 'session.leader', 'S1', 'teams:29:bram');
INSERT INTO conversation_refs (platform, conversation, user_id, reference, updated_at) VALUES
  ('teams', 'a:1bram', '29:bram', '{"conversation":{"id":"a:1bram","tenantId":"tenant-1","conversationType":"personal"}}', 1);
INSERT INTO broadcasts (id, created_by, status, text, audience, locale, created_at) VALUES
  (1, 'slack:U1', 'queued', 'Hallo', 'everyone', 'nl', 1), (2, 'cli', 'draft', 'Via de CLI', 'everyone', 'nl', 2);
INSERT INTO outbox (dedupe_key, kind, platform, conversation, member_id, payload, not_before, created_at, nudge,
  broadcast_id) VALUES ('b1:1', 'broadcast', 'slack', 'D1', 1, '{"text":"Hallo"}', 1, 1, 1, 1),
  ('b1:2', 'broadcast', 'teams', 'a:1bram', 2, '{"text":"Hallo"}', 1, 1, 1, 1);
INSERT INTO announcements (session_id, platform, conversation, locale, outbox_id, shown) VALUES
  ('S1', 'slack', 'C1', 'nl', 1, '9');
INSERT INTO processed_events (key, seen_at) VALUES ('slack:Ev1', 1);
INSERT INTO survey_campaigns (id, title, url, opens_at, closes_at, audience, created_by, created_at) VALUES
  (1, 'Enquête', 'https://example.org', 1, 2, 'all', 'teams:29:bram', 1);
INSERT INTO survey_recipients (campaign_id, member_id, token, state) VALUES (1, 1, 't1', 'completed');
INSERT INTO survey_slots (campaign_id, kind, planned_at) VALUES (1, 'open', 1);
INSERT INTO campaign_totals (campaign_id, invited, completed, opted_out, recorded_at) VALUES (1, 1, 1, 0, 1);
INSERT INTO polls (id, question, kind, options, anonymous, audience, starts_at, open_ms, created_by, created_at) VALUES
  (1, 'Ja?', 'single', '["ja","nee"]', 0, 'all', 1, 10, 'slack:U1', 1);
INSERT INTO poll_rounds (id, poll_id, opens_at, closes_at) VALUES (1, 1, 1, 11);
INSERT INTO poll_participants (round_id, member_id) VALUES (1, 2);
INSERT INTO poll_tallies (round_id, option, count) VALUES (1, 0, 1);
INSERT INTO poll_answers (round_id, member_id, choices, answered_at) VALUES (1, 1, '[0]', 5);
INSERT INTO attendance (session_id, member_id, attended, marked_at) VALUES ('S1', 1, 1, 3000);
INSERT INTO session_reports (session_id, status, format_version, updated_at) VALUES ('S1', 'draft', 'v1', 1);
INSERT INTO session_totals (session_id, confirmed, waitlisted, cancelled, attended, recorded_at) VALUES
  ('S1', 1, 1, 0, 1, 1);
INSERT INTO bot_lease (id, token, host, pid, started_at, renewed_at, expires_at) VALUES (1, 't', 'h', 1, 1, 1, 2);
`;

const tables = (db: Db) =>
  db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all()
    .map((t) => t.name);

const count = (db: Db, table: string) => db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()?.n;

describe("migration 011 (members as persons with identities)", () => {
  it("carries every row of a version-10 database over, naming people by member id", () => {
    const db = openDatabase(tempDatabasePath(), { migrate: false });
    migrate(db, 10);
    db.exec(rowsAtVersion10);
    // The fixture fills every table of version 10: a table added later cannot be left out of this test unnoticed.
    const before = Object.fromEntries(tables(db).map((t) => [t, count(db, t)]));
    expect(Object.entries(before).filter(([, n]) => n === 0)).toEqual([]);

    expect(migrate(db, 11)).toBe(11);
    expect(db.pragma("foreign_key_check")).toEqual([]);
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);

    // Every table of version 10 keeps its rows; the key-named organiser who never wrote became a member.
    for (const [table, n] of Object.entries(before)) {
      expect(count(db, table), table).toBe(table === "members" ? 4 : n);
    }
    expect(count(db, "identities")).toBe(4);

    const anna = findMember(db, "slack", "U1");
    expect(anna).toMatchObject({ id: 1, rosterName: "Dr. Anna de Vries", role: "huisarts", locale: "nl" });
    expect(anna).toMatchObject({ platform: "slack", userId: "U1", dmConversation: "D1", reachable: true });
    const bram = getMemberById(db, 2);
    expect(bram).toMatchObject({ platform: "teams", userId: "29:bram", workspace: "tenant-1", reachable: false });
    const neverWrote = findMember(db, "teams", "29:never-wrote");
    expect(neverWrote?.id).toBe(8); // after the erased ids: the sequence's high mark was kept
    expect(identitiesOf(db, 2).map((i) => i.lastSeenAt)).toEqual([200]);

    // Roles by member id.
    expect(isOrganiser(db, [], 1)).toBe(true);
    expect(isOrganiser(db, [], neverWrote?.id ?? 0)).toBe(true);
    expect(isOrganiser(db, [], 2)).toBe(false);
    expect(isLeaderOf(db, "S1", 2)).toBe(true);

    // Actors and authors by member id; non-persons (the CLI) as before.
    expect(db.prepare("SELECT member_id, actor FROM audit_log ORDER BY id").all()).toEqual([
      { member_id: 1, actor: "member" },
      { member_id: null, actor: "cli" },
    ]);
    expect(auditEntries(db).map((e) => e.actor)).toEqual(["cli", "slack:U1"]);
    expect(db.prepare("SELECT id, created_by FROM broadcasts ORDER BY id").all()).toEqual([
      { id: 1, created_by: 1 },
      { id: 2, created_by: null },
    ]);
    expect(db.prepare("SELECT created_by FROM survey_campaigns").get()).toEqual({ created_by: 2 });
    expect(db.prepare("SELECT created_by FROM polls").get()).toEqual({ created_by: 1 });
    // Outbox rows name the identity they go to.
    expect(
      db
        .prepare("SELECT o.member_id, i.user_id FROM outbox o JOIN identities i ON i.id = o.identity_id ORDER BY o.id")
        .all(),
    ).toEqual([
      { member_id: 1, user_id: "U1" },
      { member_id: 2, user_id: "29:bram" },
    ]);

    // A new member gets a fresh id, and erasing a person still cascades through the rebuilt tables.
    const next = db.prepare("INSERT INTO members (created_at) VALUES (1)").run().lastInsertRowid;
    expect(Number(next)).toBe(9);
    db.prepare("DELETE FROM members WHERE id = 1").run();
    expect(count(db, "signups")).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM identities WHERE member_id = 1").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT created_by FROM broadcasts WHERE id = 1").get()).toEqual({ created_by: null });
    expect(db.prepare("SELECT count(*) AS n FROM organisers").get()).toEqual({ n: 1 });
    db.close();
  });
});
