import { afterEach, describe, expect, it } from "vitest";
import { consultationTask } from "../src/services/consultation-service.js";
import { at, button, memberId, memberWithRole, openRoundInChat, outboxOf, textOf } from "./support/consultations.js";
import { Driver, findActions } from "./support/driver.js";

// Consultation rounds on the calendar (memory driver): a round planned ahead opens on time; the one reminder waits
// for the send window and is withdrawn when the member submits first; an organiser closes a round early.

let driver: Driver | undefined;
afterEach(() => driver?.close());

describe("a round planned ahead", () => {
  it("invites nobody before it opens, then everyone once; a click before the opening is told when", async () => {
    driver = new Driver({ env: { ORGANISERS: "memory:ORG" }, now: at("2027-06-07 10:00") });
    const d = driver;
    const org = memberWithRole(d, "ORG", null);
    const gp = memberWithRole(d, "H1", "huisarts");
    openRoundInChat(org, { opens: "14-06-2027 09:00", closes: "25-06-2027 17:00" });
    consultationTask.run(d.ctx, d.clock.now());
    expect(outboxOf(d, "consultation.invite")).toEqual([]);
    expect(textOf(gp.click("consultation.open", "1")[0])).toContain("Deze reactieronde opent op ma 14 jun, 09:00");
    expect(textOf(gp.say("reacties")[0])).toContain("geen reactieronde voor u open");
    d.clock.set(at("2027-06-14 09:00"));
    consultationTask.run(d.ctx, d.clock.now());
    consultationTask.run(d.ctx, d.clock.now());
    expect(outboxOf(d, "consultation.invite").map((r) => r.memberId)).toEqual([memberId(d, "ORG"), memberId(d, "H1")]);
    expect(textOf(gp.say("reacties")[0])).toContain("Nog niets opgeslagen");
  });
});

describe("the reminder", () => {
  it("waits for the send window, and is withdrawn when the member submits before it goes out", async () => {
    driver = new Driver({ env: { ORGANISERS: "memory:ORG" }, now: at("2027-06-07 10:00") });
    const d = driver;
    const org = memberWithRole(d, "ORG", null);
    const gp = memberWithRole(d, "H1", "huisarts");
    openRoundInChat(org, { audience: "huisarts", opens: "07-06-2027 10:00", closes: "14-06-2027 09:00" });
    await d.deliver();
    const form = gp.press(gp.press(d.inbox("H1").at(-1), "Reageren")[0], "2. Spoedeisende huisartsenzorg")[0];
    const save = button(form, "Opslaan als concept");
    const overview = gp.click(save.id, save.value, { "spoed.aanpak": "Vaker overleg." })[0];
    // Saturday morning, 48 hours before the close: the reminder waits for Monday 08:00.
    d.clock.set(at("2027-06-12 09:00"));
    consultationTask.run(d.ctx, d.clock.now());
    expect(outboxOf(d, "consultation.reminder")).toEqual([
      { memberId: memberId(d, "H1"), notBefore: at("2027-06-14 08:00"), status: "pending" },
    ]);
    d.clock.set(at("2027-06-13 20:00"));
    expect(textOf(gp.press(overview, "Indienen")[0])).toContain("uw reactie is ingediend");
    d.clock.set(at("2027-06-14 08:00"));
    await d.deliver();
    expect(outboxOf(d, "consultation.reminder")).toEqual([]);
    expect(
      d
        .inbox("H1")
        .map(textOf)
        .filter((t) => t.includes("Herinnering")),
    ).toEqual([]);
  });
});

describe("closing early", () => {
  it("is asked first; then waiting invitations are withdrawn, drafts lapse and nothing is accepted", async () => {
    // Friday evening: the invitations wait for Monday 08:00.
    driver = new Driver({ env: { ORGANISERS: "memory:ORG" }, now: at("2027-06-04 19:00") });
    const d = driver;
    const org = memberWithRole(d, "ORG", null);
    const gp = memberWithRole(d, "H1", "huisarts");
    openRoundInChat(org, { audience: "huisarts", opens: "04-06-2027 19:00", closes: "18-06-2027 17:00" });
    expect(outboxOf(d, "consultation.invite").map((r) => r.status)).toEqual(["pending"]);
    const form = gp.press(gp.say("reacties")[0], "1. Medisch-generalistische zorg en zorgcoördinatie")[0];
    const save = button(form, "Opslaan als concept");
    gp.click(save.id, save.value, { "mgz.aanbod": "Een eerste gedachte." });

    expect(textOf(gp.click("consultation.close.confirm", "1")[0])).toContain("alleen een organisator");
    const list = org.say("reactierondes")[0];
    const question = org.press(list, "Sluiten")[0];
    expect(textOf(question)).toContain("concepten die niet zijn ingediend, vervallen");
    expect(textOf(org.press(question, "Nee, open laten")[0])).toContain("blijft open");
    expect(textOf(gp.say("reacties")[0])).toContain("1 van 3 beantwoord");
    expect(textOf(org.press(question, "Ja, nu sluiten")[0])).toContain("is gesloten: 0 reacties ingediend");
    expect(textOf(org.press(question, "Ja, nu sluiten")[0])).toContain("al gesloten");

    expect(outboxOf(d, "consultation.invite")).toEqual([]);
    expect(d.ctx.db.prepare("SELECT count(*) AS n FROM consultation_reactions").get()).toEqual({ n: 0 });
    expect(textOf(gp.click(save.id, save.value, { "mgz.aanbod": "Te laat." })[0])).toContain("gesloten sinds vr 4 jun");
    const audited = d.ctx.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'consultation.close'").get();
    expect(audited).toEqual({ n: 1 });
    expect(outboxOf(d, "consultation.closed").map((r) => r.memberId)).toEqual([memberId(d, "ORG")]);
    expect(findActions(org.say("reactierondes")[0]).map((a) => a.label)).not.toContain("Sluiten");
  });
});
