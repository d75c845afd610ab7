import { afterEach, describe, expect, it } from "vitest";
import {
  getReaction,
  newReactionKey,
  type ReactionAuthor,
  saveReactionAnswers,
  submitReaction,
  submittedReactions,
} from "../src/domain/consultation-reactions.js";
import { closeConsultation, createConsultation, markOpened } from "../src/domain/consultations.js";
import { ensureMember, setProfile } from "../src/domain/members.js";
import { applyRetention, eraseMember, exportMemberData } from "../src/services/member-data.js";
import type { Member } from "../src/types.js";
import { Driver } from "./support/driver.js";

// The consultation tables in the privacy sections: export, erasure, retention (privacy-consultation-sections.ts).

let driver: Driver | undefined;
afterEach(() => driver?.close());

const t0 = Date.UTC(2027, 0, 10, 8);
const day = 86_400_000;
const text = "Eerste regel\nTweede: één café";

function setup() {
  driver = new Driver({ now: t0 });
  const d = driver;
  const { db } = d.ctx;
  const member = (id: string): Member => {
    const m = ensureMember(db, "memory", id, t0);
    setProfile(db, m.id, `Dr. ${id}`, "huisarts");
    return { ...m, rosterName: `Dr. ${id}`, role: "huisarts" };
  };
  const [a, b] = [member("alpha"), member("beta")];
  const questions = [{ id: "aanbod", label: { nl: "Aanbod?", en: "Offer?" } }];
  const tasks = [{ taskId: "mgz", label: { nl: "Zorg", en: "Care" }, draftUrl: "https://example.org/k", questions }];
  const rounds = [false, true].map((anonymous) => {
    const round = createConsultation(
      db,
      { title: anonymous ? "Anoniem" : "Op naam", tasks, audience: "all", opensAt: t0, closesAt: t0 + day, anonymous },
      a.id,
      t0,
    );
    markOpened(db, round.id);
    return round;
  });
  const [named, anonymous] = rounds;
  if (!named || !anonymous) throw new Error("setup");
  const react = (memberId: number, author: ReactionAuthor, submit: boolean) => {
    const round = author.kind === "named" ? named : anonymous;
    saveReactionAnswers(db, round, author, "huisarts", { "mgz.aanbod": text }, t0 + 1);
    if (submit) submitReaction(db, round, author, t0 + 2);
    return memberId;
  };
  const keyA = newReactionKey();
  react(a.id, { kind: "named", memberId: a.id }, true);
  react(b.id, { kind: "named", memberId: b.id }, true);
  react(a.id, { kind: "anonymous", memberId: a.id, key: keyA }, true);
  react(b.id, { kind: "anonymous", memberId: b.id, key: newReactionKey() }, false);
  return { d, db, a, b, named, anonymous, keyA };
}

describe("consultation data of a member", () => {
  it("is exported: the rounds taken part in, named texts, rounds created; never an anonymous text", () => {
    const { d, a } = setup();
    const data = exportMemberData(d.ctx, a);
    expect(data.consultations).toEqual([
      { title: "Op naam", state: "submitted", anonymous: 0 },
      { title: "Anoniem", state: "submitted", anonymous: 1 },
    ]);
    expect(data["consultation reactions"]).toEqual([
      {
        title: "Op naam",
        status: "submitted",
        answers: JSON.stringify({ "mgz.aanbod": text }),
        updated_at: t0 + 1,
        submitted_at: t0 + 2,
      },
    ]);
    expect(data["broadcasts, campaigns, polls and consultations created"]).toEqual([
      { kind: "consultation", title: "Op naam", created_at: t0 },
      { kind: "consultation", title: "Anoniem", created_at: t0 },
    ]);
  });

  it("is erased: participation, named reactions and authorship go; the anonymous reaction stays", () => {
    const { d, db, a, b, named, anonymous, keyA } = setup();
    eraseMember(d.ctx, a);
    const naming = (table: string, column: string) =>
      db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`).get(a.id);
    expect(naming("consultation_participants", "member_id")).toEqual({ n: 0 });
    expect(naming("consultation_reactions", "member_id")).toEqual({ n: 0 });
    expect(naming("consultations", "created_by")).toEqual({ n: 0 });
    expect(submittedReactions(db, named.id).map((r) => r.memberId)).toEqual([b.id]);
    expect(getReaction(db, anonymous.id, { kind: "anonymous", memberId: a.id, key: keyA })?.answers).toEqual({
      "mgz.aanbod": text,
    });
  });

  it("expires after the close and the retention period: named texts stay as anonymous ones", () => {
    const { d, db, named, anonymous } = setup();
    closeConsultation(db, named.id, t0 + day);
    closeConsultation(db, anonymous.id, t0 + day);
    d.clock.set(t0 + 300 * day);
    applyRetention(d.ctx);
    // Within the period: the three who submitted (beta's anonymous draft went at the close).
    expect(db.prepare("SELECT count(*) AS n FROM consultation_participants").get()).toEqual({ n: 3 });
    d.clock.set(t0 + 400 * day);
    const { removed } = applyRetention(d.ctx);
    expect(removed).toMatchObject({ consultations: 3, "consultation reactions": 2 });
    expect(db.prepare("SELECT count(*) AS n FROM consultation_participants").get()).toEqual({ n: 0 });
    expect(
      db
        .prepare(
          "SELECT member_id, updated_at, submitted_at, answers FROM consultation_reactions WHERE consultation_id = ?",
        )
        .all(named.id),
    ).toEqual([
      { member_id: null, updated_at: null, submitted_at: null, answers: JSON.stringify({ "mgz.aanbod": text }) },
      { member_id: null, updated_at: null, submitted_at: null, answers: JSON.stringify({ "mgz.aanbod": text }) },
    ]);
    expect(submittedReactions(db, named.id)).toHaveLength(2);
  });
});
