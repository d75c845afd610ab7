import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEntries } from "../src/domain/audit.js";
import {
  newReactionKey,
  type ReactionAuthor,
  saveReactionAnswers,
  submitReaction,
} from "../src/domain/consultation-reactions.js";
import { type ConsultationTask, createConsultation, markOpened } from "../src/domain/consultations.js";
import { ensureMember, setProfile } from "../src/domain/members.js";
import { type ConsultationExport, exportConsultation } from "../src/services/consultation-export.js";
import type { Consultations } from "../src/services/dashboard/model.js";
import type { Role } from "../src/types.js";
import { type DashboardSite, dashboardSite } from "./support/dashboard-site.js";

// The consultation rounds on the dashboard: the counts per round, core task and merged role group as the export
// has them, nothing per member (no name, id, reaction id or text), and the export's files as downloads, audited.

const hour = 3600_000;
const q = (id: string) => ({ id, label: { nl: `Vraag ${id}?`, en: `Question ${id}?` } });
const tasks: ConsultationTask[] = [
  {
    taskId: "mgz",
    label: { nl: "Zorgcoördinatie", en: "Coordination" },
    draftUrl: "https://x.nl/a",
    questions: [q("a")],
  },
  { taskId: "spoed", label: { nl: "Spoed", en: "Urgent" }, draftUrl: "https://x.nl/b", questions: [q("a")] },
];

describe("the dashboard's consultation rounds", () => {
  let site: DashboardSite;
  let organiser: string;
  let leader: string;
  let anonymousId: number;
  let namedId: number;

  /** Six huisartsen react to mgz, two stakeholders to spoed, all submitted; one aios only starts. */
  function round(title: string, anonymous: boolean): number {
    const { db, clock } = site.driver.ctx;
    const now = clock.now();
    const created = createConsultation(
      db,
      { title, tasks, audience: "all", opensAt: now - hour, closesAt: now + 24 * hour, anonymous },
      "cli",
      now - 2 * hour,
    );
    markOpened(db, created.id);
    const people: [string, Role, boolean][] = [
      ...Array.from({ length: 6 }, (_, i): [string, Role, boolean] => [`H${i}`, "huisarts", true]),
      ["S1", "stakeholder", true],
      ["S2", "stakeholder", true],
      ["A1", "aios", false],
    ];
    for (const [user, role, submit] of people) {
      const member = ensureMember(db, "memory", `${title}-${user}`, now);
      setProfile(db, member.id, `Dr. Geheim ${user}`, role);
      const author: ReactionAuthor = anonymous
        ? { kind: "anonymous", memberId: member.id, key: newReactionKey() }
        : { kind: "named", memberId: member.id };
      const answers: Record<string, string> =
        role === "stakeholder" ? { "spoed.a": `Tekst ${user}` } : { "mgz.a": `Tekst ${user}` };
      saveReactionAnswers(db, created, author, role, answers, now);
      if (submit) submitReaction(db, created, author, now);
    }
    return created.id;
  }

  beforeAll(async () => {
    site = await dashboardSite();
    anonymousId = round("Kaders anoniem", true);
    namedId = round("Kaders op naam", false);
    organiser = await site.signIn("org1");
    leader = await site.signIn("L1");
  });
  afterAll(() => site?.close());

  const exportOf = (id: number) => JSON.parse(exportConsultation(site.driver.ctx.db, id, "json")) as ConsultationExport;
  const exports = () => auditEntries(site.driver.ctx.db).filter((e) => e.action === "consultation.export");

  it("gives the counts per core task and merged role group, the same as the export, and nothing per member", async () => {
    const res = await site.get("/dashboard/api/consultations", organiser);
    expect(res.status).toBe(200);
    const text = await res.text();
    const data = JSON.parse(text) as Consultations;
    expect(data.minimumGroup).toBe(5);
    expect(data.consultations.map((c) => c.id)).toEqual([namedId, anonymousId]);
    const anonymous = data.consultations.find((c) => c.id === anonymousId);
    expect(anonymous).toMatchObject({
      title: "Kaders anoniem",
      anonymous: true,
      status: "open",
      started: 1,
      submitted: 8,
      byRole: [
        { role: "huisarts", count: 6 },
        { role: "overig", count: 2 },
      ],
      tasks: [
        { taskId: "mgz", reactions: 6, byRole: [{ role: "huisarts", count: 6 }] },
        { taskId: "spoed", reactions: 2, byRole: [{ role: "overig", count: 2 }] },
      ],
    });
    for (const id of [anonymousId, namedId]) {
      const { counts, reactions } = exportOf(id);
      const shown = data.consultations.find((c) => c.id === id);
      expect(Object.fromEntries(shown?.byRole.map((g) => [g.role, g.count]) ?? [])).toEqual(counts.byRole);
      for (const reaction of reactions) expect(text).not.toContain(reaction.reactionId);
    }
    // Not even a named round's names, member ids or texts.
    for (const marker of ["Dr. Geheim", "Tekst ", "memberId", "reactionId", "stakeholder"]) {
      expect(text).not.toContain(marker);
    }
  });

  it("draws the page for an organiser, with the downloads, and refuses a leader page, API and files", async () => {
    const page = await site.get("/dashboard/consultations", organiser);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Kaders anoniem");
    expect(html).toContain('href="/dashboard/consultations"');
    expect(html).toContain(`href="/dashboard/consultations/${anonymousId}/export.csv"`);
    expect(html).not.toContain("Dr. Geheim");
    const before = exports().length;
    for (const path of [
      "/dashboard/consultations",
      "/dashboard/api/consultations",
      `/dashboard/consultations/${anonymousId}/export.csv`,
      `/dashboard/consultations/${anonymousId}/export.json`,
    ]) {
      const res = await site.get(path, leader);
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
      expect(await res.text()).not.toContain("Kaders");
    }
    expect(exports()).toHaveLength(before);
  });

  it("downloads the export as CSV and JSON, byte for byte, and writes each download in the audit log", async () => {
    const before = exports().length;
    for (const as of ["csv", "json"] as const) {
      const res = await site.get(`/dashboard/consultations/${anonymousId}/export.${as}`, organiser);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(
        as === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      );
      expect(res.headers.get("content-disposition")).toBe(`attachment; filename="reactieronde-${anonymousId}.${as}"`);
      expect(await res.text()).toBe(exportConsultation(site.driver.ctx.db, anonymousId, as));
    }
    const logged = exports().slice(0, exports().length - before);
    expect(logged.map((e) => [e.actor, e.subject, e.detail])).toEqual([
      ["memory:org1", `consultation:${anonymousId}`, "json"],
      ["memory:org1", `consultation:${anonymousId}`, "csv"],
    ]);
  });

  it("answers a round that does not exist with not found, and logs nothing", async () => {
    const before = exports().length;
    for (const id of ["999", "abc", "1.5", "0"]) {
      const res = await site.get(`/dashboard/consultations/${id}/export.csv`, organiser);
      expect({ id, status: res.status }).toEqual({ id, status: 404 });
    }
    expect(exports()).toHaveLength(before);
  });
});
