import { afterEach, describe, expect, it } from "vitest";
import {
  getReaction,
  newReactionKey,
  participantState,
  participationCounts,
  type ReactionAuthor,
  saveReactionAnswers,
  startedNotSubmitted,
  submitReaction,
  submittedReactions,
} from "../src/domain/consultation-reactions.js";
import {
  type Consultation,
  type ConsultationQuestion,
  type ConsultationTask,
  closeConsultation,
  consultationMembers,
  consultationsToClose,
  consultationsToOpen,
  consultationsToRemind,
  createConsultation,
  getConsultation,
  inConsultationAudience,
  listConsultations,
  markOpened,
  markReminded,
  openConsultationsFor,
  parseConsultationAudience,
} from "../src/domain/consultations.js";
import { ensureMember, setProfile } from "../src/domain/members.js";
import { type Db, openDatabase } from "../src/storage/db.js";
import type { Role } from "../src/types.js";

const hour = 3_600_000;
const t0 = Date.UTC(2027, 0, 10, 8);
const questions: ConsultationQuestion[] = [
  { id: "aanbod", label: { nl: "Aanbod?", en: "Offer?" } },
  { id: "aanpak", label: { nl: "Aanpak?", en: "Approach?" } },
];
const tasks: ConsultationTask[] = [
  { taskId: "mgz", label: { nl: "Zorgcoördinatie", en: "Care coordination" }, draftUrl: "https://x.nl/a", questions },
  { taskId: "spoed", label: { nl: "Spoed", en: "Urgent" }, draftUrl: "https://x.nl/b", questions },
];

let db: Db | undefined;
afterEach(() => db?.close());

function setup(anonymous: boolean, audience: Consultation["audience"] = "all") {
  db = openDatabase(":memory:");
  const d = db;
  const member = (id: string, role?: Role) => {
    const m = ensureMember(d, "slack", id, t0);
    if (role) setProfile(d, m.id, `Dokter ${id}`, role);
    return m.id;
  };
  const round = createConsultation(
    d,
    { title: "Kaders", tasks, audience, opensAt: t0 + hour, closesAt: t0 + 100 * hour, anonymous },
    "cli",
    t0,
  );
  return { d, member, round };
}

const named = (memberId: number): ReactionAuthor => ({ kind: "named", memberId });

describe("consultation rounds", () => {
  it("are stored with their tasks, open, remind and close once each", () => {
    const { d, round } = setup(false, ["huisarts", "stakeholder"]);
    expect(getConsultation(d, round.id)).toMatchObject({
      title: "Kaders",
      tasks,
      status: "scheduled",
      createdBy: null,
    });
    expect(round.audience).toEqual(["huisarts", "stakeholder"]);
    expect(consultationsToOpen(d, t0)).toEqual([]);
    expect(consultationsToOpen(d, t0 + hour).map((r) => r.id)).toEqual([round.id]);
    expect(markOpened(d, round.id)).toBe(true);
    expect(markOpened(d, round.id)).toBe(false);
    expect(consultationsToRemind(d, t0 + 51 * hour, 48 * hour)).toEqual([]);
    expect(consultationsToRemind(d, t0 + 52 * hour, 48 * hour).map((r) => r.id)).toEqual([round.id]);
    expect(markReminded(d, round.id, t0 + 52 * hour)).toBe(true);
    expect(markReminded(d, round.id, t0 + 53 * hour)).toBe(false);
    expect(consultationsToRemind(d, t0 + 53 * hour, 48 * hour)).toEqual([]);
    expect(consultationsToClose(d, t0 + 99 * hour)).toEqual([]);
    expect(consultationsToClose(d, t0 + 100 * hour).map((r) => r.id)).toEqual([round.id]);
    expect(closeConsultation(d, round.id, t0 + 100 * hour)).toBe(true);
    expect(closeConsultation(d, round.id, t0 + 101 * hour)).toBe(false);
    expect(getConsultation(d, round.id)).toMatchObject({ status: "closed", closedAt: t0 + 100 * hour });
    expect(listConsultations(d).map((r) => r.id)).toEqual([round.id]);
  });

  it("go to their audience by role; 'all' also takes an unknown role", () => {
    const { d, member, round } = setup(false, ["stakeholder"]);
    const gp = member("GP", "huisarts");
    const sh = member("SH", "stakeholder");
    member("NOBODY");
    expect(consultationMembers(d, round.audience).map((m) => m.id)).toEqual([sh]);
    expect(consultationMembers(d, "all").map((m) => m.id)).toHaveLength(3);
    expect(consultationMembers(d, ["huisarts", "stakeholder"]).map((m) => m.id)).toEqual([gp, sh]);
    expect(inConsultationAudience("all", null)).toBe(true);
    expect(inConsultationAudience(["huisarts"], null)).toBe(false);
    expect(inConsultationAudience(["huisarts"], "aios")).toBe(false);
    markOpened(d, round.id);
    expect(openConsultationsFor(d, "stakeholder", t0 + 2 * hour).map((r) => r.id)).toEqual([round.id]);
    expect(openConsultationsFor(d, "huisarts", t0 + 2 * hour)).toEqual([]);
    expect(openConsultationsFor(d, "stakeholder", t0 + 100 * hour)).toEqual([]);
  });

  it("parse an audience in Dutch or English", () => {
    expect(parseConsultationAudience("")).toBe("all");
    expect(parseConsultationAudience("Iedereen")).toBe("all");
    expect(parseConsultationAudience("stakeholder, huisarts")).toEqual(["huisarts", "stakeholder"]);
    expect(parseConsultationAudience("gp trainee anders")).toEqual(["huisarts", "aios", "other"]);
    expect(parseConsultationAudience("huisarts,patiënt")).toBeUndefined();
  });
});

describe("named reactions", () => {
  it("are drafts until submitted, change until the close, and carry the roster name", () => {
    const { d, member, round } = setup(false);
    const a = member("A", "huisarts");
    const b = member("B", "aios");
    expect(saveReactionAnswers(d, round, named(a), "huisarts", { "mgz.aanbod": "x" }, t0 + 2 * hour)).toBe("closed");
    markOpened(d, round.id);
    const text = "Eén regel\nTwee: café’s — ë";
    const saved = saveReactionAnswers(
      d,
      round,
      named(a),
      "huisarts",
      { "mgz.aanbod": text, bogus: "y" },
      t0 + 2 * hour,
    );
    expect(saved).toMatchObject({ status: "draft", answers: { "mgz.aanbod": text }, updatedAt: t0 + 2 * hour });
    expect(participantState(d, round.id, a)).toBe("started");
    expect(submitReaction(d, round, named(b), t0 + 2 * hour)).toBe("empty");
    saveReactionAnswers(d, round, named(a), "huisarts", { "spoed.aanpak": "Zo.", "mgz.aanbod": " " }, t0 + 3 * hour);
    expect(getReaction(d, round.id, named(a))?.answers).toEqual({ "spoed.aanpak": "Zo." });
    saveReactionAnswers(d, round, named(b), "aios", { "mgz.aanbod": "B's" }, t0 + 3 * hour);
    expect(startedNotSubmitted(d, round.id)).toEqual([a, b]);
    expect(submitReaction(d, round, named(a), t0 + 4 * hour)).toBe("submitted");
    expect(submitReaction(d, round, named(a), t0 + 4 * hour)).toBe("already");
    expect(startedNotSubmitted(d, round.id)).toEqual([b]);
    expect(participationCounts(d, round.id)).toEqual({ started: 1, submitted: 1 });
    saveReactionAnswers(d, round, named(a), "huisarts", { "mgz.aanpak": "Later" }, t0 + 5 * hour);
    expect(getReaction(d, round.id, named(a))?.status).toBe("submitted");
    expect(submittedReactions(d, round.id)).toEqual([
      expect.objectContaining({ memberId: a, rosterName: "Dokter A", role: "huisarts", submittedAt: t0 + 4 * hour }),
    ]);
    expect(submitReaction(d, round, named(b), t0 + 100 * hour)).toBe("closed");
    closeConsultation(d, round.id, t0 + 100 * hour);
    // B's draft was never submitted: gone with their participant row.
    expect(getReaction(d, round.id, named(b))).toBeUndefined();
    expect(participantState(d, round.id, b)).toBeUndefined();
    expect(submittedReactions(d, round.id)).toHaveLength(1);
    expect(saveReactionAnswers(d, round, named(a), "huisarts", { "mgz.aanpak": "Te laat" }, t0 + 99 * hour)).toBe(
      "closed",
    );
  });
});

describe("anonymous reactions", () => {
  it("are found by the card's key only, and one member submits once whatever the key", () => {
    const { d, member, round } = setup(true);
    const a = member("A", "stakeholder");
    markOpened(d, round.id);
    const key = newReactionKey();
    expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const author: ReactionAuthor = { kind: "anonymous", memberId: a, key };
    const saved = saveReactionAnswers(d, round, author, "stakeholder", { "mgz.aanbod": "Anoniem" }, t0 + 2 * hour);
    expect(saved).toMatchObject({ status: "draft", updatedAt: null });
    expect(getReaction(d, round.id, { ...author, key: newReactionKey() })).toBeUndefined();
    expect(getReaction(d, round.id, named(a))).toBeUndefined();
    expect(submitReaction(d, round, author, t0 + 3 * hour)).toBe("submitted");
    const other: ReactionAuthor = { kind: "anonymous", memberId: a, key: newReactionKey() };
    saveReactionAnswers(d, round, other, "stakeholder", { "mgz.aanbod": "Nog een" }, t0 + 4 * hour);
    expect(submitReaction(d, round, other, t0 + 4 * hour)).toBe("already");
    expect(submittedReactions(d, round.id)).toEqual([
      expect.objectContaining({ memberId: null, rosterName: null, role: "stakeholder", submittedAt: null }),
    ]);
    closeConsultation(d, round.id, t0 + 100 * hour);
    expect(getReaction(d, round.id, other)).toBeUndefined();
    expect(getReaction(d, round.id, author)?.answers).toEqual({ "mgz.aanbod": "Anoniem" });
  });
});
