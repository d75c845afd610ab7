import { afterEach, describe, expect, it } from "vitest";
import { ensureIdentity } from "../src/domain/identities.js";
import { mergeMembers } from "../src/domain/member-merge.js";
import { type Db, openDatabase } from "../src/storage/db.js";

// Two accounts of one person who both reacted to a round become one member with one reaction (member-merge.ts).

let db: Db | undefined;
afterEach(() => db?.close());

function setup() {
  db = openDatabase(":memory:");
  const d = db;
  const t0 = Date.UTC(2027, 0, 10, 8);
  const keep = ensureIdentity(d, { platform: "slack", userId: "U1" }, t0).memberId;
  const absorb = ensureIdentity(d, { platform: "teams", userId: "T1" }, t0).memberId;
  const round = () =>
    Number(
      d
        .prepare(
          `INSERT INTO consultations (title, audience, opens_at, closes_at, anonymous, status, created_at)
           VALUES ('Kaders', 'all', ?, ?, 0, 'open', ?)`,
        )
        .run(t0, t0 + 1000, t0).lastInsertRowid,
    );
  const react = (consultation: number, member: number, status: "draft" | "submitted", updatedAt: number) => {
    d.prepare(
      `INSERT INTO consultation_reactions (consultation_id, reaction_id, member_id, status, answers, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(
      consultation,
      `r-${consultation}-${member}`,
      member,
      status,
      JSON.stringify({ "mgz.aanbod": `${member}` }),
      updatedAt,
    );
    d.prepare("INSERT INTO consultation_participants VALUES (?, ?, ?)").run(
      consultation,
      member,
      status === "submitted" ? "submitted" : "started",
    );
  };
  return { d, t0, keep, absorb, round, react };
}

const rows = (d: Db) =>
  d
    .prepare(
      `SELECT r.consultation_id AS c, r.reaction_id AS reaction, r.member_id AS member, r.status, p.state
       FROM consultation_reactions r JOIN consultation_participants p
         ON p.consultation_id = r.consultation_id AND p.member_id = r.member_id ORDER BY r.consultation_id`,
    )
    .all();

describe("merging members who both reacted to a round", () => {
  it("keeps the submitted reaction, else the one changed last; the participant is submitted if either was", () => {
    const { d, t0, keep, absorb, round, react } = setup();
    const [submittedAbsorbed, laterKept, laterAbsorbed, tie] = [round(), round(), round(), round()];
    react(submittedAbsorbed, keep, "draft", t0 + 9);
    react(submittedAbsorbed, absorb, "submitted", t0 + 1);
    react(laterKept, keep, "draft", t0 + 5);
    react(laterKept, absorb, "draft", t0 + 4);
    react(laterAbsorbed, keep, "draft", t0 + 4);
    react(laterAbsorbed, absorb, "draft", t0 + 5);
    react(tie, keep, "submitted", t0 + 4);
    react(tie, absorb, "submitted", t0 + 4);
    mergeMembers(d, keep, absorb, t0 + 10);
    expect(rows(d)).toEqual([
      {
        c: submittedAbsorbed,
        reaction: `r-${submittedAbsorbed}-${absorb}`,
        member: keep,
        status: "submitted",
        state: "submitted",
      },
      { c: laterKept, reaction: `r-${laterKept}-${keep}`, member: keep, status: "draft", state: "started" },
      { c: laterAbsorbed, reaction: `r-${laterAbsorbed}-${absorb}`, member: keep, status: "draft", state: "started" },
      { c: tie, reaction: `r-${tie}-${keep}`, member: keep, status: "submitted", state: "submitted" },
    ]);
    expect(d.prepare("SELECT count(*) AS n FROM consultation_participants").get()).toEqual({ n: 4 });
  });
});
