import { afterEach, describe, expect, it } from "vitest";
import { newReactionKey, saveReactionAnswers, submitReaction } from "../src/domain/consultation-reactions.js";
import { createConsultation, markOpened } from "../src/domain/consultations.js";
import { ensureMember, setProfile } from "../src/domain/members.js";
import { type Db, openDatabase } from "../src/storage/db.js";

// An anonymous round stores no link between a member and a reaction: the same proof as for anonymous polls
// (tests/polls.test.ts), at the domain level: no table holds both, neither by a column nor by order or time.

let db: Db | undefined;
afterEach(() => db?.close());

const t0 = Date.UTC(2027, 0, 10, 8);

/** Every row of every table. */
function snapshot(d: Db): Map<string, string[]> {
  const tables = d.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  return new Map(
    tables.map(({ name }) => [
      name,
      (d.prepare(`SELECT * FROM "${name}"`).all() as object[]).map((row) => JSON.stringify(row)),
    ]),
  );
}

const columns = (d: Db, table: string) =>
  (d.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((col) => col.name);

function setup() {
  db = openDatabase(":memory:");
  const d = db;
  const members = Array.from({ length: 20 }, (_, i) => {
    const m = ensureMember(d, "slack", `U${i}`, t0);
    setProfile(d, m.id, `Dokter Nummer${i}`, i % 2 ? "huisarts" : "stakeholder");
    return m.id;
  });
  const questions = [{ id: "aanbod", label: { nl: "Aanbod?", en: "Offer?" } }];
  const tasks = [{ taskId: "mgz", label: { nl: "Zorg", en: "Care" }, draftUrl: "https://example.org/k", questions }];
  const round = createConsultation(
    d,
    { title: "Anoniem", tasks, audience: "all", opensAt: t0, closesAt: t0 + 86_400_000, anonymous: true },
    "cli",
    t0,
  );
  markOpened(d, round.id);
  return { d, members, round };
}

describe("an anonymous consultation round", () => {
  it("writes only who took part and what was written, in two tables that share nothing but the round", () => {
    const { d, members, round } = setup();
    const before = snapshot(d);
    const keys = members.map(() => newReactionKey());
    members.forEach((memberId, i) => {
      const author = { kind: "anonymous" as const, memberId, key: keys[i] ?? "" };
      saveReactionAnswers(d, round, author, "huisarts", { "mgz.aanbod": `Tekst ${i}` }, t0 + 1000 * i);
      if (i % 3 === 0) submitReaction(d, round, author, t0 + 1000 * i + 500);
    });
    const after = snapshot(d);
    const changed = [...after.keys()].filter((t) => JSON.stringify(after.get(t)) !== JSON.stringify(before.get(t)));
    expect(changed.sort()).toEqual(["consultation_participants", "consultation_reactions"]);
    expect(columns(d, "consultation_participants")).toEqual(["consultation_id", "member_id", "state"]);
    // No hidden rowid that would give away the order of arrival.
    expect(() => d.prepare("SELECT rowid FROM consultation_participants").all()).toThrow();
    expect(() => d.prepare("SELECT rowid FROM consultation_reactions").all()).toThrow();

    const reactions = d.prepare("SELECT * FROM consultation_reactions").all() as Record<string, unknown>[];
    expect(reactions).toHaveLength(20);
    for (const row of reactions) {
      expect(row).toMatchObject({ member_id: null, updated_at: null, submitted_at: null });
      // Neither the key (only its hash), nor a name or account, nor a member id in any column.
      const text = JSON.stringify(row);
      for (const key of keys) expect(text).not.toContain(key);
      expect(text).not.toMatch(/Dokter|"U\d+"/);
    }
    // Stored in the order of their random ids, not of arrival.
    const stored = reactions.map((row) => String(row.reaction_id));
    expect(stored).toEqual([...stored].sort());
    const texts = reactions.map((row) => JSON.parse(String(row.answers))["mgz.aanbod"]);
    expect(texts).not.toEqual(members.map((_, i) => `Tekst ${i}`));
    // Participants are stored by member, saying only how far they got.
    expect(d.prepare("SELECT state, count(*) AS n FROM consultation_participants GROUP BY state").all()).toEqual([
      { state: "started", n: 13 },
      { state: "submitted", n: 7 },
    ]);
  });
});
