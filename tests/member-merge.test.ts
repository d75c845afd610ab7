import { afterEach, describe, expect, it } from "vitest";
import { ensureIdentity } from "../src/domain/identities.js";
import { mergedMemberColumns, mergeMembers } from "../src/domain/member-merge.js";
import { getSession } from "../src/domain/sessions.js";
import { signUp } from "../src/domain/signups.js";
import type { Db } from "../src/storage/db.js";
import { Driver, sessionsCsv } from "./support/driver.js";

let driver: Driver | undefined;
afterEach(() => {
  driver?.close();
  driver = undefined;
});

/** Every column of the schema that names a member: a foreign key to members, or a member_id / created_by column. */
function memberColumnsOfSchema(db: Db): string[] {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[];
  const found = new Set<string>();
  for (const { name } of tables) {
    for (const fk of db.prepare(`SELECT "table", "from" FROM pragma_foreign_key_list(?)`).all(name) as {
      table: string;
      from: string;
    }[])
      if (fk.table === "members") found.add(`${name}.${fk.from}`);
    for (const column of db.prepare("SELECT name FROM pragma_table_info(?)").all(name) as { name: string }[])
      if (column.name === "member_id" || column.name === "created_by") found.add(`${name}.${column.name}`);
  }
  return [...found].sort();
}

const countNaming = (db: Db, column: string, memberId: number): number => {
  const [table, name] = column.split(".");
  return (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${name} = ?`).get(memberId) as { n: number }).n;
};

function person(db: Db, platform: string, userId: string, now: number): number {
  return ensureIdentity(db, { platform, userId }, now).memberId;
}

/** One row naming `memberId` in every table that names a member (fresh ids, so nothing clashes). */
function rowsEverywhere(db: Db, memberId: number, now: number, tag: string): void {
  const run = (sql: string, ...args: unknown[]) => Number(db.prepare(sql).run(...args).lastInsertRowid);
  signUp(db, `S-${tag}`, memberId, null, now);
  const campaign = run(
    `INSERT INTO survey_campaigns (title, url, opens_at, closes_at, audience, created_at, created_by)
     VALUES ('Enquête', 'https://example.org', ?, ?, 'all', ?, ?)`,
    now,
    now + 1000,
    now,
    memberId,
  );
  run("INSERT INTO survey_recipients (campaign_id, member_id) VALUES (?, ?)", campaign, memberId);
  const poll = run(
    `INSERT INTO polls (question, kind, options, anonymous, audience, starts_at, open_ms, created_at, created_by)
     VALUES ('Vraag?', 'single', '["ja","nee"]', 0, 'all', ?, 1000, ?, ?)`,
    now,
    now,
    memberId,
  );
  const round = run("INSERT INTO poll_rounds (poll_id, opens_at, closes_at) VALUES (?, ?, ?)", poll, now, now + 1000);
  run("INSERT INTO poll_participants (round_id, member_id) VALUES (?, ?)", round, memberId);
  run(
    "INSERT INTO poll_answers (round_id, member_id, choices, answered_at) VALUES (?, ?, '[0]', ?)",
    round,
    memberId,
    now,
  );
  run(
    "INSERT INTO attendance (session_id, member_id, attended, marked_at) VALUES (?, ?, 1, ?)",
    `S-${tag}`,
    memberId,
    now,
  );
  run("INSERT OR IGNORE INTO organisers (member_id, added_at) VALUES (?, ?)", memberId, now);
  run("INSERT INTO session_leaders (session_id, member_id, linked_at) VALUES (?, ?, ?)", `S-${tag}`, memberId, now);
  run("INSERT INTO audit_log (at, actor, action, member_id) VALUES (?, 'member', 'test', ?)", now, memberId);
  run(
    "INSERT INTO dashboard_links (token_hash, member_id, scope, created_at, expires_at) VALUES (?, ?, 'organiser', ?, ?)",
    `link-${tag}`,
    memberId,
    now,
    now + 1000,
  );
  run(
    `INSERT INTO dashboard_sessions (id_hash, member_id, scope, csrf, created_at, expires_at)
     VALUES (?, ?, 'organiser', 'csrf', ?, ?)`,
    `session-${tag}`,
    memberId,
    now,
    now + 1000,
  );
  run(
    `INSERT INTO outbox (dedupe_key, kind, platform, conversation, member_id, payload, not_before, created_at, nudge)
     VALUES (?, 'test', 'memory', 'dm', ?, '{}', ?, ?, 1)`,
    `test:${tag}:${memberId}`,
    memberId,
    now,
    now,
  );
  const consultation = run(
    `INSERT INTO consultations (title, audience, opens_at, closes_at, anonymous, created_by, created_at)
     VALUES ('Kaders', 'all', ?, ?, 0, ?, ?)`,
    now,
    now + 1000,
    memberId,
    now,
  );
  run("INSERT INTO consultation_participants VALUES (?, ?, 'started')", consultation, memberId);
  run(
    `INSERT INTO consultation_reactions (consultation_id, reaction_id, member_id, status, answers, updated_at)
     VALUES (?, ?, ?, 'draft', '{}', ?)`,
    consultation,
    `reaction-${tag}`,
    memberId,
    now,
  );
  run(
    `INSERT INTO broadcasts (status, text, audience, locale, created_at, created_by)
     VALUES ('draft', 'Hallo', 'everyone', 'nl', ?, ?)`,
    now,
    memberId,
  );
}

describe("merging two members into one person", () => {
  it("handles every column of the schema that names a member", () => {
    driver = new Driver();
    expect([...mergedMemberColumns].sort()).toEqual(memberColumnsOfSchema(driver.ctx.db));
  });

  it("moves every row that names the absorbed member, and deletes it", () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S-a" }, { id: "S-k" }]) });
    const { db } = driver.ctx;
    const now = driver.clock.now();
    const keep = person(db, "slack", "U1", now);
    const absorb = person(db, "teams", "T1", now);
    rowsEverywhere(db, absorb, now, "a");
    const columns = memberColumnsOfSchema(db);
    const before = Object.fromEntries(columns.map((c) => [c, countNaming(db, c, absorb)]));
    // The fixture really has a row in each: a new table naming members must get one here too.
    expect(columns.filter((c) => before[c] === 0)).toEqual([]);
    mergeMembers(db, keep, absorb, now);
    expect(Object.fromEntries(columns.map((c) => [c, countNaming(db, c, absorb)]))).toEqual(
      Object.fromEntries(columns.map((c) => [c, 0])),
    );
    // identities.member_id: the kept member had one of its own.
    expect(Object.fromEntries(columns.map((c) => [c, countNaming(db, c, keep)]))).toEqual({
      ...before,
      "identities.member_id": 2,
    });
    expect(db.prepare("SELECT count(*) AS n FROM members WHERE id = ?").get(absorb)).toEqual({ n: 0 });
  });

  it("settles clashes: the earlier sign-up, the invitation further along, the kept member's answer, one organiser row", () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 2 }]) });
    const { db } = driver.ctx;
    const t0 = driver.clock.now();
    const keep = person(db, "slack", "U1", t0);
    const absorb = person(db, "teams", "T1", t0 + 1);
    const waiting = person(db, "slack", "U2", t0);
    signUp(db, "S1", absorb, null, t0 + 10);
    signUp(db, "S1", keep, null, t0 + 20);
    signUp(db, "S1", waiting, null, t0 + 30);
    expect(getSession(db, "S1")).toMatchObject({ confirmed: 2, waitlisted: 1 });

    const campaign = Number(
      db
        .prepare(
          `INSERT INTO survey_campaigns (title, url, opens_at, closes_at, audience, created_at)
           VALUES ('E', 'https://example.org', ?, ?, 'all', ?)`,
        )
        .run(t0, t0 + 1000, t0).lastInsertRowid,
    );
    const recipient = db.prepare(
      "INSERT INTO survey_recipients (campaign_id, member_id, state, reminders_sent) VALUES (?, ?, ?, ?)",
    );
    recipient.run(campaign, keep, "invited", 2);
    recipient.run(campaign, absorb, "completed", 1);
    db.prepare("INSERT INTO organisers (member_id, added_at) VALUES (?, ?), (?, ?)").run(keep, t0 + 5, absorb, t0);

    const outcome = mergeMembers(db, keep, absorb, t0 + 40);
    // The earlier sign-up (made from the absorbed account) stays; the second place goes to the waitlist.
    expect(
      db.prepare("SELECT member_id, status, created_at FROM signups WHERE session_id = 'S1' ORDER BY seq").all(),
    ).toEqual([
      { member_id: keep, status: "confirmed", created_at: t0 + 10 },
      { member_id: waiting, status: "confirmed", created_at: t0 + 30 },
    ]);
    expect(getSession(db, "S1")).toMatchObject({ confirmed: 2, waitlisted: 0, capacity: 2 });
    expect(outcome.promoted).toEqual([{ sessionId: "S1", memberIds: [waiting] }]);
    expect(db.prepare("SELECT member_id, state, reminders_sent FROM survey_recipients").all()).toEqual([
      { member_id: keep, state: "completed", reminders_sent: 2 },
    ]);
    expect(db.prepare("SELECT member_id, added_at FROM organisers").all()).toEqual([{ member_id: keep, added_at: t0 }]);
  });

  it("keeps the kept member's poll answer and profile, fills the gaps, and a stop from either holds", () => {
    driver = new Driver();
    const { db } = driver.ctx;
    const t0 = driver.clock.now();
    const keep = person(db, "slack", "U1", t0);
    const absorb = person(db, "teams", "T1", t0);
    db.prepare("UPDATE members SET roster_name = 'Dr. K', locale = NULL, opted_out_at = ? WHERE id = ?").run(
      t0 + 9,
      keep,
    );
    db.prepare(
      "UPDATE members SET roster_name = 'Dr. A', role = 'aios', locale = 'en', opted_out_at = ? WHERE id = ?",
    ).run(t0 + 3, absorb);
    const poll = Number(
      db
        .prepare(
          `INSERT INTO polls (question, kind, options, anonymous, audience, starts_at, open_ms, created_at)
           VALUES ('V?', 'single', '["ja","nee"]', 0, 'all', ?, 1000, ?)`,
        )
        .run(t0, t0).lastInsertRowid,
    );
    const round = Number(
      db.prepare("INSERT INTO poll_rounds (poll_id, opens_at, closes_at) VALUES (?, ?, ?)").run(poll, t0, t0 + 1000)
        .lastInsertRowid,
    );
    for (const [member, choice] of [
      [keep, "[0]"],
      [absorb, "[1]"],
    ] as const) {
      db.prepare("INSERT INTO poll_participants (round_id, member_id) VALUES (?, ?)").run(round, member);
      db.prepare("INSERT INTO poll_answers (round_id, member_id, choices, answered_at) VALUES (?, ?, ?, ?)").run(
        round,
        member,
        choice,
        t0,
      );
    }
    mergeMembers(db, keep, absorb, t0);
    expect(db.prepare("SELECT member_id, choices FROM poll_answers").all()).toEqual([
      { member_id: keep, choices: "[0]" },
    ]);
    expect(db.prepare("SELECT count(*) AS n FROM poll_participants").get()).toEqual({ n: 1 });
    expect(db.prepare("SELECT roster_name, role, locale, opted_out_at FROM members WHERE id = ?").get(keep)).toEqual({
      roster_name: "Dr. K",
      role: "aios",
      locale: "en",
      opted_out_at: t0 + 3,
    });
  });

  it("a message waiting for both goes once; nudges then count for the person", () => {
    driver = new Driver();
    const { db } = driver.ctx;
    const t0 = driver.clock.now();
    const keep = person(db, "slack", "U1", t0);
    const absorb = person(db, "teams", "T1", t0);
    const queue = db.prepare(
      `INSERT INTO outbox (dedupe_key, kind, platform, conversation, member_id, payload, not_before, created_at, nudge)
       VALUES (?, 'broadcast', 'memory', 'dm', ?, '{}', ?, ?, 1)`,
    );
    queue.run(`broadcast:7:${keep}`, keep, t0, t0);
    queue.run(`broadcast:7:${absorb}`, absorb, t0, t0);
    queue.run(`broadcast:8:${absorb}`, absorb, t0, t0);
    mergeMembers(db, keep, absorb, t0);
    expect(db.prepare("SELECT dedupe_key, member_id FROM outbox ORDER BY id").all()).toEqual([
      { dedupe_key: `broadcast:7:${keep}`, member_id: keep },
      { dedupe_key: `broadcast:8:${absorb}`, member_id: keep },
    ]);
  });
});
