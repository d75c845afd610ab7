import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { consultationTask } from "../../src/services/consultation-service.js";
import { tempDatabasePath } from "../support/driver.js";
import { at, last, longAnswer, platformPerTest } from "./flow-helpers.js";
import { platforms } from "./harness.js";
import type { Member, Platform } from "./platform.js";

// Consultation rounds (reactierondes), written once, through the real Slack stack and the real Teams stack (see
// harness.ts): an organiser opens a round in chat, members react in long Dutch text, a draft survives a restart,
// the export holds the texts byte for byte, and after the close nothing is accepted.

const launch = platformPerTest();

/** Diacritics, quotes, blank lines and a CSV's separators, just under the 3,000-character limit. */
const dutch = (seed: string) =>
  `${longAnswer(`${seed} — coördinatie, één loket, patiënten`).slice(0, 2900)}\n\nÉén "zin", met; tekens.`;

async function openRound(org: Member, anonymity: "named" | "anonymous", title: string): Promise<void> {
  await org.say("reactierondes");
  const form = last(await org.press("Nieuwe reactieronde"));
  expect(form.inputs.map((i) => i.id)).toEqual(
    expect.arrayContaining(["title", "draft_mgz", "draft_spoed", "audience", "opens", "closes", "anonymity"]),
  );
  expect(form.inputs.find((i) => i.id === "audience")?.multiple).toBe(true);
  const invalid = last(await org.submit({ title, draft_mgz: "http://x.nl/a", closes: "morgen" }));
  expect(Object.keys(invalid.errors).sort()).toEqual(["closes", "draft_mgz"]);
  const created = last(
    await org.submit({
      title,
      draft_mgz: "https://nhg.example.nl/kaders/mgz.pdf",
      draft_spoed: "https://nhg.example.nl/kaders/spoed.pdf",
      audience: "huisarts,aios",
      opens: "07-06-2027 10:00",
      closes: "11-06-2027 17:00",
      anonymity,
    }),
  );
  expect(created.text).toContain(`De reactieronde "${title}" is aangemaakt`);
}

/** Writes one answer per question of a core task (by its button's number) and saves the draft. */
async function react(gp: Member, task: number, answers: Record<string, string>): Promise<void> {
  const form = last(await gp.press(new RegExp(`^${task}\\. `)));
  expect(form.inputs.every((i) => i.multiline && i.maxLength === 3000)).toBe(true);
  expect(last(await gp.submit(answers)).text).toContain("Opgeslagen als concept");
}

interface Row {
  core_task: string;
  question_id: string;
  name: string;
  member_id: string;
  answer: string;
}

async function exported(org: Member): Promise<Row[]> {
  await org.say("reactierondes");
  const file = (await org.press("Exporteren (CSV)")).flatMap((s) => s.files)[0];
  expect(file?.filename).toMatch(/\.csv$/);
  return parse(file?.content ?? "", { columns: true, bom: true }) as Row[];
}

/** The round closes; whatever the member sends then is refused plainly. */
async function closeAndRefuse(p: Platform, gp: Member, answers: Record<string, string>): Promise<void> {
  p.clock.set(at("2027-06-11 17:00"));
  consultationTask.run(p.ctx, p.clock.now());
  expect(last(await gp.submit(answers)).text).toContain(
    "gesloten sinds vr 11 jun, 17:00; er worden geen reacties meer aangenomen",
  );
}

describe.each(platforms)("on %s", (_name, start) => {
  it("a named round: reactions in long Dutch text, a draft that survives a restart, the export, the close", async () => {
    const databasePath = tempDatabasePath();
    const options = { now: at("2027-06-07 10:00"), organisers: ["org"], databasePath };
    const p = await launch(start, options);
    const org = await p.member("org");
    const [anna, bert] = [await p.member("anna"), await p.member("bert")];
    for (const gp of [anna, bert]) {
      p.ctx.db
        .prepare("UPDATE members SET role = 'huisarts' WHERE id = (SELECT member_id FROM identities WHERE user_id = ?)")
        .run(gp.id);
    }
    await openRound(org, "named", "Conceptkaders 2027");
    await p.drain();
    const invite = last(anna.seen);
    expect(invite.text).toContain("https://nhg.example.nl/kaders/spoed.pdf");
    expect(invite.buttons).toEqual(["Reageren"]);

    const annaText = dutch("Anna");
    expect(last(await anna.press("Reageren")).text).toContain("0 van 3 beantwoord");
    await react(anna, 1, { "mgz.aanbod": annaText, "mgz.aanpak": "Samen\nmet de wijk." });
    expect(last(await anna.press("Indienen")).text).toContain("uw reactie is ingediend");
    const bertText = dutch("Bert");
    await bert.press("Reageren");
    await react(bert, 2, { "spoed.probleem": bertText });

    // A restart: the same database file, a new app; Bert's draft is still there.
    const problems = [...p.problems];
    await p.stop();
    expect(problems).toEqual([]);
    const p2 = await launch(start, { ...options, now: p.clock.now() });
    const bert2 = await p2.member("bert");
    expect(last(await bert2.say("reacties")).text).toContain("Spoedeisende huisartsenzorg: 1 van 3 beantwoord");
    const form = last(await bert2.press(/^2\. /));
    expect(form.inputs.find((i) => i.id === "spoed.probleem")?.value).toBe(bertText);

    const rows = await exported(await p2.member("org"));
    expect(rows.map((r) => [r.core_task, r.question_id])).toEqual([
      ["mgz", "aanbod"],
      ["mgz", "aanpak"],
    ]);
    expect(rows[0]?.answer).toBe(annaText);
    expect(rows[1]?.answer).toBe("Samen\nmet de wijk.");
    expect(rows[0]?.member_id).not.toBe("");

    await closeAndRefuse(p2, bert2, { "spoed.probleem": "Te laat." });
    const stored = p2.ctx.db.prepare("SELECT answers FROM consultation_reactions").all() as { answers: string }[];
    expect(stored.map((r) => JSON.parse(r.answers))).toEqual([
      { "mgz.aanbod": annaText, "mgz.aanpak": "Samen\nmet de wijk." },
    ]);
  });

  it("an anonymous round: each member's card holds their reaction; the export names nobody", async () => {
    const p = await launch(start, { now: at("2027-06-07 10:00"), organisers: ["org"] });
    const org = await p.member("org");
    const gps = [await p.member("anna"), await p.member("bert")];
    for (const gp of gps) {
      p.ctx.db
        .prepare("UPDATE members SET role = 'aios' WHERE id = (SELECT member_id FROM identities WHERE user_id = ?)")
        .run(gp.id);
    }
    await openRound(org, "anonymous", "Kaders anoniem");
    await p.drain();
    const texts = gps.map((gp) => dutch(`Anoniem ${gp.id}`));
    for (const [i, gp] of gps.entries()) {
      expect(last(gp.seen).text).toContain("Anoniem: niemand, ook de organisatoren niet");
      expect(last(await gp.press("Reageren")).text).toContain("Alleen met deze kaart");
      await react(gp, 1, { "mgz.probleem": texts[i] ?? "" });
      expect(last(await gp.press("Indienen")).text).toContain("uw reactie is ingediend");
    }
    const [anna] = gps;
    if (!anna) throw new Error("setup");
    // Back without the card: the reaction is in, and is changed on its card only.
    expect(last(await anna.say("reacties")).text).toContain("al een reactie ingediend");

    const rows = await exported(org);
    expect(rows.map((r) => r.answer).sort()).toEqual([...texts].sort());
    expect(rows.map((r) => [r.name, r.member_id])).toEqual([
      ["", ""],
      ["", ""],
    ]);
    const reactions = p.ctx.db
      .prepare("SELECT count(*) AS n FROM consultation_reactions WHERE member_id IS NULL")
      .get();
    expect(reactions).toEqual({ n: 2 });
    // The cards that carry a reaction's key were replies only: the outbox never held one.
    const payloads = p.ctx.db.prepare("SELECT payload FROM outbox").all() as { payload: string }[];
    expect(payloads.filter((row) => /consultation\.(part|save|submit)/.test(row.payload))).toEqual([]);
    expect(payloads.filter((row) => row.payload.includes("consultation.open"))).toHaveLength(2);

    await anna.press(/^1\. /);
    await closeAndRefuse(p, anna, { "mgz.probleem": "Te laat." });
  });
});
