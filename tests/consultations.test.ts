import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { consultationTask } from "../src/services/consultation-service.js";
import {
  at,
  button,
  dutchAnswer,
  memberId,
  memberWithRole,
  openRoundInChat,
  outboxOf,
  textOf,
} from "./support/consultations.js";
import { Driver, findActions } from "./support/driver.js";

// Consultation rounds in chat (memory driver): the organiser's form, invitations by the outbox to the audience
// only, a named reaction drafted, changed and submitted, the one reminder, the close. Anonymous rounds:
// consultations-anonymous.test.ts; the calendar: consultations-schedule.test.ts.

let driver: Driver | undefined;
afterEach(() => driver?.close());

describe("opening a round", () => {
  it("is done in chat; the invitations reach the audience only, not who stopped, inside the send window", async () => {
    // Friday evening: outside the sending hours.
    driver = new Driver({ env: { ORGANISERS: "memory:ORG" }, now: at("2027-06-04 19:00") });
    const d = driver;
    const org = memberWithRole(d, "ORG", null);
    const gp = memberWithRole(d, "H1", "huisarts");
    memberWithRole(d, "H2", "huisarts").say("stop");
    memberWithRole(d, "S1", "stakeholder");
    memberWithRole(d, "A1", "aios");
    memberWithRole(d, "U1", null);
    memberWithRole(d, "E1", "huisarts", "en-GB");

    expect(textOf(gp.say("help")[0])).toContain("**reacties**");
    const help = org.say("help")[0];
    expect(textOf(help)).toContain("**reactierondes**");
    expect(findActions(help).map((a) => a.label)).toContain("Reactierondes");
    expect(textOf(gp.click("consultation.create")[0])).toContain("alleen een organisator");
    expect(textOf(gp.say("reactierondes")[0])).toContain("geen reactieronde voor u open");
    const list = org.say("reactierondes")[0];
    expect(textOf(list)).toContain("Er zijn nog geen reactierondes");
    const [form] = org.press(list, "Nieuwe reactieronde");
    const inputs = (form?.blocks ?? []).flatMap((b) => (b.kind === "input" ? [b] : []));
    expect(inputs.map((i) => i.id)).toEqual([
      "title",
      "draft_mgz",
      "draft_spoed",
      "draft_palliatief",
      "draft_preventie",
      "audience",
      "opens",
      "closes",
      "anonymity",
    ]);
    expect(inputs.find((i) => i.id === "audience")?.options?.map((o) => o.label)).toEqual([
      "Iedereen",
      "Huisarts",
      "Aios",
      "Stakeholder",
      "Anders",
    ]);
    const bad = openRoundInChat(org, {
      title: " ",
      draft_mgz: "http://nhg.example.nl/mgz",
      opens: "31-06-2027 09:00",
      closes: "01-06-2027 09:00",
    })[0];
    const errors = Object.fromEntries(
      (bad?.blocks ?? []).flatMap((b) => (b.kind === "input" && b.error ? [[b.id, b.error]] : [])),
    );
    expect(Object.keys(errors).sort()).toEqual(["closes", "draft_mgz", "opens", "title"]);
    expect(errors.opens).toContain("dd-mm-jjjj");
    expect(d.ctx.db.prepare("SELECT count(*) AS n FROM consultations").get()).toEqual({ n: 0 });

    const created = openRoundInChat(org, {
      audience: "huisarts,stakeholder",
      opens: "04-06-2027 19:00",
      closes: "18-06-2027 17:00",
    });
    expect(textOf(created[0])).toContain('De reactieronde "Conceptkaders 2027" is aangemaakt');
    // Opened at once (it opens now); the scheduler's tick adds nothing.
    consultationTask.run(d.ctx, d.clock.now());
    const invites = outboxOf(d, "consultation.invite");
    expect(invites.map((r) => r.memberId)).toEqual([memberId(d, "H1"), memberId(d, "S1"), memberId(d, "E1")]);
    expect(new Set(invites.map((r) => r.notBefore))).toEqual(new Set([at("2027-06-07 08:00")]));
    expect(
      d.ctx.db.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'consultation.invite' AND nudge = 1").get(),
    ).toEqual({
      n: 3,
    });
    await d.deliver();
    expect(d.inbox("H1")).toHaveLength(0);

    d.clock.set(at("2027-06-07 08:00"));
    await d.deliver();
    const invite = d.inbox("H1").at(-1);
    expect(textOf(invite)).toContain("Conceptkaders 2027");
    expect(textOf(invite)).toContain("https://nhg.example.nl/kaders/spoed.pdf");
    expect(textOf(invite)).toContain("Op naam");
    expect(findActions(invite).map((a) => a.label)).toEqual(["Reageren"]);
    expect(d.inbox("S1")).toHaveLength(1);
    expect(textOf(d.inbox("E1").at(-1))).toContain("The working groups ask for your reaction");
    for (const id of ["H2", "A1", "U1", "ORG"]) expect(textOf(d.inbox(id).at(-1))).not.toContain("Conceptkaders");
    expect(textOf(d.gp("A1").press(d.inbox("H1").at(-1), "Reageren")[0])).toContain("niet voor u bedoeld");
    const organiserList = textOf(org.say("reactierondes")[0]);
    expect(organiserList).toContain("**Conceptkaders 2027** (open, op naam)");
    expect(organiserList).toContain("begonnen 0 · ingediend 0");
  });

  it("keeps to the weekly nudge cap: an invitation over it is recorded as capped, not sent", async () => {
    driver = new Driver({ env: { ORGANISERS: "memory:ORG", NUDGES_PER_WEEK: "1" }, now: at("2027-06-07 10:00") });
    const d = driver;
    const org = memberWithRole(d, "ORG", null);
    memberWithRole(d, "H1", "huisarts");
    openRoundInChat(org, {
      title: "Ronde 1",
      audience: "huisarts",
      opens: "07-06-2027 10:00",
      closes: "18-06-2027 17:00",
    });
    openRoundInChat(org, {
      title: "Ronde 2",
      audience: "huisarts",
      opens: "07-06-2027 10:00",
      closes: "18-06-2027 17:00",
    });
    expect(outboxOf(d, "consultation.invite").map((r) => r.status)).toEqual(["pending", "failed"]);
    await d.deliver();
    expect(
      d
        .inbox("H1")
        .map(textOf)
        .filter((t) => t.includes("Ronde")),
    ).toHaveLength(1);
  });
});

describe("a named reaction", () => {
  it("is drafted, changed and submitted per core task, reminded once if unfinished, and closed on time", async () => {
    driver = new Driver({ env: { ORGANISERS: "memory:ORG" }, now: at("2027-06-07 10:00") });
    const d = driver;
    const org = memberWithRole(d, "ORG", null);
    const [h1, h2, h3, h4] = ["H1", "H2", "H3", "H4"].map((id) => memberWithRole(d, id, "huisarts"));
    if (!h1 || !h2 || !h3 || !h4) throw new Error("setup");
    openRoundInChat(org, { audience: "huisarts", opens: "07-06-2027 10:00", closes: "10-06-2027 17:00" });
    await d.deliver();

    const overview = h1.press(d.inbox("H1").at(-1), "Reageren")[0];
    expect(overview?.title).toBe("Uw reactie");
    expect(textOf(overview)).toContain("Medisch-generalistische zorg en zorgcoördinatie: 0 van 3 beantwoord");
    expect(textOf(overview)).toContain("U kunt reageren tot");
    const [form] = h1.press(overview, "1. Medisch-generalistische zorg en zorgcoördinatie");
    const inputs = (form?.blocks ?? []).flatMap((b) => (b.kind === "input" ? [b] : []));
    expect(inputs.map((i) => [i.id, i.multiline, i.maxLength, i.optional])).toEqual([
      ["mgz.aanbod", true, 3000, true],
      ["mgz.probleem", true, 3000, true],
      ["mgz.aanpak", true, 3000, true],
    ]);
    expect(textOf(form)).toContain("https://nhg.example.nl/kaders/mgz.pdf");
    const save = button(form, "Opslaan als concept");
    const long = dutchAnswer("Zorgcoördinatie");
    const saved = h1.click(save.id, save.value, {
      "mgz.aanbod": long,
      "mgz.probleem": "Drukte.\n\nVooral 's avonds.",
    })[0];
    expect(textOf(saved)).toContain("Opgeslagen als concept");
    expect(textOf(saved)).toContain("2 van 3 beantwoord");
    expect(textOf(saved)).toContain("Concept, nog niet ingediend");
    const stored = () =>
      JSON.parse(
        (
          d.ctx.db.prepare("SELECT answers FROM consultation_reactions WHERE member_id = ?").get(memberId(d, "H1")) as {
            answers: string;
          }
        ).answers,
      );
    expect(stored()["mgz.aanbod"]).toBe(long);
    expect(Buffer.from(stored()["mgz.aanbod"]).equals(Buffer.from(long))).toBe(true);

    // Too long (a client that ignores maxLength): the form comes back with the error, nothing is saved.
    const tooLong = h1.click(save.id, save.value, { "mgz.aanbod": "x".repeat(3001) })[0];
    expect(tooLong?.blocks?.find((b) => b.kind === "input" && b.id === "mgz.aanbod")).toMatchObject({
      error: "Hoogstens 3000 tekens.",
    });
    expect(stored()["mgz.aanbod"]).toBe(long);

    // Changed: the form is prefilled with the draft; an emptied answer is cleared.
    const again = h1.press(saved, "1. Medisch-generalistische zorg en zorgcoördinatie")[0];
    expect(again?.blocks?.find((b) => b.kind === "input" && b.id === "mgz.aanbod")).toMatchObject({ value: long });
    h1.click(save.id, save.value, { "mgz.aanbod": long, "mgz.probleem": "", "mgz.aanpak": "Samen met de wijk." });
    expect(stored()).toEqual({ "mgz.aanbod": long, "mgz.aanpak": "Samen met de wijk." });

    // H2 starts and stops; H3 only looks, and cannot submit an empty reaction.
    const h2Form = h2.press(h2.press(d.inbox("H2").at(-1), "Reageren")[0], "2. Spoedeisende huisartsenzorg")[0];
    const h2Save = button(h2Form, "Opslaan als concept");
    h2.click(h2Save.id, h2Save.value, { "spoed.aanbod": "Een begin." });
    // H4 starts too, then says stop: no reminder for them.
    const h4Form = h4.press(h4.press(d.inbox("H4").at(-1), "Reageren")[0], "2. Spoedeisende huisartsenzorg")[0];
    const h4Save = button(h4Form, "Opslaan als concept");
    h4.click(h4Save.id, h4Save.value, { "spoed.aanbod": "Ik begin." });
    h4.say("stop");
    const h3Overview = h3.press(d.inbox("H3").at(-1), "Reageren")[0];
    expect(textOf(h3.press(h3Overview, "Indienen")[0])).toContain("Beantwoord ten minste één vraag");
    expect(d.ctx.db.prepare("SELECT count(*) AS n FROM consultation_reactions").get()).toEqual({ n: 3 });

    const submitted = h1.press(saved, "Indienen")[0];
    expect(textOf(submitted)).toContain("uw reactie is ingediend");
    expect(textOf(submitted)).toContain("Ingediend op");
    expect(findActions(submitted).map((a) => a.label)).not.toContain("Indienen");
    expect(textOf(h1.press(saved, "Indienen")[0])).toContain("al ingediend");
    // Still changeable until the close.
    const changed = h1.click(save.id, save.value, { "mgz.aanbod": long, "mgz.aanpak": "Met de apotheek." })[0];
    expect(textOf(changed)).toContain("blijft ingediend");
    expect(stored()["mgz.aanpak"]).toBe("Met de apotheek.");

    // The one reminder, 48 hours before the close, to H2 only (started, not submitted).
    d.clock.set(at("2027-06-08 16:59"));
    consultationTask.run(d.ctx, d.clock.now());
    expect(outboxOf(d, "consultation.reminder")).toEqual([]);
    d.clock.set(at("2027-06-08 17:00"));
    consultationTask.run(d.ctx, d.clock.now());
    d.clock.set(at("2027-06-09 09:00"));
    consultationTask.run(d.ctx, d.clock.now());
    expect(outboxOf(d, "consultation.reminder").map((r) => r.memberId)).toEqual([memberId(d, "H2")]);
    await d.deliver();
    expect(textOf(d.inbox("H2").at(-1))).toContain("Herinnering: uw reactie op");
    for (const id of ["H1", "H3", "H4"]) expect(textOf(d.inbox(id).at(-1))).not.toContain("Herinnering");

    // The close: a click just after it is refused even before the scheduler's tick; organisers hear the count.
    d.clock.set(at("2027-06-10 17:00"));
    const late = h1.click(save.id, save.value, { "mgz.aanbod": "Te laat." })[0];
    expect(textOf(late)).toContain("Deze reactieronde is gesloten sinds");
    expect(textOf(late)).toContain("er worden geen reacties meer aangenomen");
    consultationTask.run(d.ctx, d.clock.now());
    consultationTask.run(d.ctx, d.clock.now());
    await d.deliver();
    const notes = d
      .inbox("ORG")
      .map(textOf)
      .filter((t) => t.includes("gesloten: "));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('Reactieronde "Conceptkaders 2027" gesloten: 1 reactie ingediend');
    expect(textOf(h2.press(h2Form, "Opslaan als concept")[0])).toContain("gesloten sinds");
    expect(textOf(h1.press(submitted, "1. Medisch-generalistische zorg en zorgcoördinatie")[0])).toContain(
      "gesloten sinds",
    );
    expect(stored()["mgz.aanpak"]).toBe("Met de apotheek.");
    // H2's draft, never submitted, is gone with the close.
    expect(d.ctx.db.prepare("SELECT count(*) AS n FROM consultation_reactions").get()).toEqual({ n: 1 });
    expect(textOf(h3.say("reacties")[0])).toContain("geen reactieronde voor u open");
  });
});

describe("the answer length", () => {
  it("follows the report format's maxAnswerLength", async () => {
    const format = JSON.parse(readFileSync("examples/report-format.json", "utf8"));
    const path = join(mkdtempSync(join(tmpdir(), "spreekuur-format-")), "format.json");
    writeFileSync(path, JSON.stringify({ ...format, maxAnswerLength: 1000 }));
    driver = new Driver({ env: { ORGANISERS: "memory:ORG", REPORT_FORMAT_PATH: path }, now: at("2027-06-07 10:00") });
    const d = driver;
    const org = memberWithRole(d, "ORG", null);
    const gp = memberWithRole(d, "H1", "huisarts");
    openRoundInChat(org, { opens: "07-06-2027 10:00", closes: "18-06-2027 17:00" });
    const form = gp.press(gp.say("reacties")[0], "1. Medisch-generalistische zorg en zorgcoördinatie")[0];
    expect(form?.blocks?.find((b) => b.kind === "input")).toMatchObject({ maxLength: 1000 });
    const save = button(form, "Opslaan als concept");
    const refused = gp.click(save.id, save.value, { "mgz.aanbod": "x".repeat(1001) })[0];
    expect(refused?.blocks?.find((b) => b.kind === "input")).toMatchObject({ error: "Hoogstens 1000 tekens." });
  });
});
