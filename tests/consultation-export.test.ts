import { parse } from "csv-parse/sync";
import { afterEach, describe, expect, it } from "vitest";
import {
  newReactionKey,
  type ReactionAuthor,
  saveReactionAnswers,
  submitReaction,
} from "../src/domain/consultation-reactions.js";
import {
  type ConsultationTask,
  closeConsultation,
  createConsultation,
  markOpened,
} from "../src/domain/consultations.js";
import { ensureMember, setProfile } from "../src/domain/members.js";
import { type ConsultationExport, exportConsultation } from "../src/services/consultation-export.js";
import { type Db, openDatabase } from "../src/storage/db.js";
import type { Role } from "../src/types.js";

let db: Db | undefined;
afterEach(() => db?.close());

const t0 = Date.UTC(2027, 0, 10, 8);
const q = (id: string) => ({ id, label: { nl: `Vraag ${id}?`, en: `Question ${id}?` } });
const tasks: ConsultationTask[] = [
  {
    taskId: "mgz",
    label: { nl: "Zorgcoördinatie", en: "Coordination" },
    draftUrl: "https://x.nl/a",
    questions: [q("aanbod"), q("aanpak")],
  },
  { taskId: "spoed", label: { nl: "Spoed", en: "Urgent" }, draftUrl: "https://x.nl/b", questions: [q("aanbod")] },
];
const long =
  'Eerste alinea: één, café, naïef, “quotes”, "dubbel", komma\'s, ; puntkomma\r\nTweede regel\n\nDerde — na een lege regel';

/** A round where 6 huisartsen, 2 stakeholders and 1 member without role submit, and 1 aios only drafts. */
function setup(anonymous: boolean) {
  db = openDatabase(":memory:");
  const d = db;
  const round = createConsultation(
    d,
    { title: "Kaders 2027", tasks, audience: "all", opensAt: t0, closesAt: t0 + 1000, anonymous },
    "cli",
    t0,
  );
  markOpened(d, round.id);
  const people: [string, Role | null, boolean][] = [
    ...Array.from({ length: 6 }, (_, i): [string, Role | null, boolean] => [`H${i}`, "huisarts", true]),
    ["S1", "stakeholder", true],
    ["S2", "stakeholder", true],
    ["X", null, true],
    ["A", "aios", false],
  ];
  const ids = people.map(([user, role, submit], i) => {
    const m = ensureMember(d, "slack", user, t0);
    if (role) setProfile(d, m.id, `Dr. ${user}`, role);
    const author: ReactionAuthor = anonymous
      ? { kind: "anonymous", memberId: m.id, key: newReactionKey() }
      : { kind: "named", memberId: m.id };
    // The stakeholders react to spoed only; huisarts H0 writes the long text.
    const answers: Record<string, string> = user.startsWith("S")
      ? { "spoed.aanbod": `Spoed ${user}` }
      : { "mgz.aanbod": i === 0 ? long : `Aanbod ${user}`, "mgz.aanpak": `Aanpak ${user}` };
    saveReactionAnswers(d, round, author, role, answers, t0 + 1);
    if (submit) submitReaction(d, round, author, t0 + 2);
    return m.id;
  });
  closeConsultation(d, round.id, t0 + 1000);
  return { d, round, ids };
}

const csvRows = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

describe("a consultation's export", () => {
  it("anonymous: no name or member id ever, small role groups merged into 'overig', texts byte for byte", () => {
    const { d, round, ids } = setup(true);
    const csv = exportConsultation(d, round.id, "csv");
    expect(csv.split("\n")[0]).toBe(
      "consultation_id,title,core_task,core_task_label,question_id,question,reaction_id,role,name,member_id,answer",
    );
    const rows = csvRows(csv);
    // 7 reactions answer mgz's two questions, 2 answer spoed's one.
    expect(rows).toHaveLength(7 * 2 + 2);
    expect(rows.every((r) => r.name === "" && r.member_id === "")).toBe(true);
    expect(new Set(rows.map((r) => r.role))).toEqual(new Set(["huisarts", "overig"]));
    expect(rows.filter((r) => r.answer === long)).toHaveLength(1);
    expect(csv).toContain(long.replaceAll('"', '""'));
    // Ordered by task, question, then reaction id.
    expect(rows.map((r) => `${r.core_task}.${r.question_id}`)).toEqual([
      ...Array(7).fill("mgz.aanbod"),
      ...Array(7).fill("mgz.aanpak"),
      ...Array(2).fill("spoed.aanbod"),
    ]);
    const mgzIds = rows.slice(0, 7).map((r) => r.reaction_id);
    expect(mgzIds).toEqual([...mgzIds].sort());
    expect(rows[0]).toMatchObject({
      consultation_id: String(round.id),
      title: "Kaders 2027",
      core_task_label: "Zorgcoördinatie",
      question: "Vraag aanbod?",
    });

    const json = JSON.parse(exportConsultation(d, round.id, "json")) as ConsultationExport;
    expect(json.consultation).toEqual({
      id: round.id,
      title: "Kaders 2027",
      anonymous: true,
      opensAt: new Date(t0).toISOString(),
      closesAt: new Date(t0 + 1000).toISOString(),
      status: "closed",
    });
    // The aios only drafted: not counted. Stakeholders (2) and unknown (1) are merged; "overig" stays below 5.
    expect(json.counts).toEqual({
      reactions: 9,
      byRole: { huisarts: 6, overig: 3 },
      byTask: { mgz: { huisarts: 6, overig: 1 }, spoed: { overig: 2 } },
    });
    expect(json.reactions.every((r) => !("name" in r) && !("memberId" in r))).toBe(true);
    expect(json.reactions.flatMap((r) => r.answers).filter((a) => a.text === long)).toEqual([
      { coreTask: "mgz", question: "aanbod", text: long },
    ]);
    for (const id of ids) expect(csv).not.toMatch(new RegExp(`,${id},`));
    expect(JSON.stringify(json)).not.toContain("Dr. ");
  });

  it("named: the roster name, member id and real role of each reaction; counts still merge small groups", () => {
    const { d, round, ids } = setup(false);
    const rows = csvRows(exportConsultation(d, round.id, "csv"));
    const h0 = rows.find((r) => r.answer === long);
    expect(h0).toMatchObject({ name: "Dr. H0", member_id: String(ids[0]), role: "huisarts" });
    expect(
      rows
        .filter((r) => r.core_task === "spoed")
        .map((r) => [r.name, r.role])
        .sort(),
    ).toEqual([
      ["Dr. S1", "stakeholder"],
      ["Dr. S2", "stakeholder"],
    ]);
    expect(rows.find((r) => r.member_id === String(ids[8]))).toMatchObject({ name: "", role: "unknown" });
    const json = JSON.parse(exportConsultation(d, round.id, "json")) as ConsultationExport;
    expect(json.counts.byRole).toEqual({ huisarts: 6, overig: 3 });
    expect(json.reactions.find((r) => r.memberId === ids[6])).toMatchObject({ name: "Dr. S1", role: "stakeholder" });
    expect(() => exportConsultation(d, 999, "csv")).toThrow(/not found/);
  });
});
