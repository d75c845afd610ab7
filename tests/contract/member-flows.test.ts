import { describe, expect, it } from "vitest";
import { findMember } from "../../src/domain/members.js";
import { pollTask } from "../../src/services/poll-service.js";
import { surveyTask } from "../../src/services/survey-service.js";
import { sessionsCsv } from "../support/driver.js";
import { at, last, platformPerTest, signUp } from "./flow-helpers.js";
import { platforms } from "./harness.js";

// The same member flows (privacy, polls, surveys), written once, through the real Slack stack and the real Teams
// stack (see harness.ts). Leaders and broadcasts: organiser-flows.test.ts.

const launch = platformPerTest();

describe.each(platforms)("on %s", (_name, start) => {
  it("privacy: 'mijn gegevens' gives the summary and the JSON file; erasure asks, then erases", async () => {
    const platform = await launch(start, {
      now: at("2027-06-01 10:00"),
      sessionsCsv: () => sessionsCsv([{ id: "S1", capacity: 1 }]),
    });
    const gp = await platform.member("doc1");
    const next = await platform.member("doc2");
    await signUp(gp, "Dr. Erasmus Wisse");
    await next.say("sessies");
    await next.press("Op de wachtlijst");
    expect(last(await next.submit({ roster_name: "Dr. Twee", role: "aios" })).text).toContain("wachtlijst");
    const [summary] = await gp.say("mijn gegevens");
    expect(summary?.text).toContain("Dit is wat Spreekuur over u bewaart");
    expect(summary?.text).toContain('"Dr. Erasmus Wisse"');
    expect(summary?.text).toContain("Aanmeldingen: 1");
    const file = summary?.files[0];
    expect(file?.filename).toMatch(/\.json$/);
    const data = JSON.parse(file?.content ?? "{}") as { identities: { user_id: string }[] };
    expect(data.identities[0]?.user_id).toBe(gp.id);

    const question = last(await gp.say("verwijder mijn gegevens"));
    expect(question.text).toContain("Dit kan niet ongedaan");
    expect(last(await gp.press("Nee, bewaren")).text).toContain("niets verwijderd");
    expect(findMember(platform.ctx.db, platform.name, gp.id)).toBeDefined();
    expect(last(await gp.press("Ja, verwijder alles")).text).toContain("Uw gegevens zijn verwijderd");
    expect(findMember(platform.ctx.db, platform.name, gp.id)).toBeUndefined();
    const named = platform.ctx.db.prepare("SELECT count(*) AS n FROM identities WHERE user_id = ?").get(gp.id);
    expect(named).toEqual({ n: 0 });
    // The waitlisted member moves up and hears it through the same adapter.
    await platform.drain();
    expect(last(next.seen).text).toContain("Goed nieuws");
  });

  it("poll: an organiser creates it, a member answers with one click and changes it, results arrive", async () => {
    const platform = await launch(start, { now: at("2027-06-01 10:00"), organisers: ["org"] });
    const p = platform;
    const org = await p.member("org");
    const a = await p.member("a");
    const b = await p.member("b");

    await a.say("peilingen");
    expect(a.seen.at(-1)?.buttons).not.toContain("Nieuwe peiling");
    await org.say("peilingen");
    const form = last(await org.press("Nieuwe peiling"));
    expect(form.inputs.map((i) => i.id)).toEqual(expect.arrayContaining(["question", "options", "closes"]));
    expect(form.inputs.find((i) => i.id === "options")?.multiline).toBe(true);
    const bad = last(await org.submit({ question: "Q", options: "alleen één" }));
    expect(bad.errors.options).toBeTruthy();
    const created = last(
      await org.submit({
        question: "Komt u naar de ledenvergadering?",
        kind: "single",
        options: "Ja\nNee\nMisschien",
        anonymous: "no",
        audience: "all",
        at: "2027-06-01 10:00",
        closes: "2027-06-03 17:00",
        show_running: "yes",
        share_results: "yes",
      }),
    );
    expect(created.text).toContain("peiling is aangemaakt");

    pollTask.run(p.ctx, p.clock.now());
    pollTask.run(p.ctx, p.clock.now());
    await p.drain();
    const card = last(a.seen);
    expect(card.text).toContain("Komt u naar de ledenvergadering?");
    expect(card.buttons).toEqual(["Ja", "Nee", "Misschien"]);
    expect(last(await a.press("Ja")).text).toContain("Uw antwoord: Ja");
    const changed = last(await a.press("Nee"));
    expect(changed.text).toContain("gewijzigd");
    expect(changed.text).toContain("Uw antwoord: Nee");
    await b.press("Nee");

    p.clock.set(at("2027-06-03 17:00"));
    pollTask.run(p.ctx, p.clock.now());
    pollTask.run(p.ctx, p.clock.now());
    p.clock.set(at("2027-06-04 08:00"));
    await p.drain();
    const results = last(org.seen);
    expect(results.text).toContain("Uitslag: Komt u naar de ledenvergadering?");
    expect(results.text).toContain("2 antwoorden");
    expect(results.text).toContain("100% (2)");
    expect(last(a.seen).text).toContain("Uitslag: Komt u naar de ledenvergadering?");
  });

  it("survey: the invitation arrives; Ingevuld, Later and Geen herinneringen work", async () => {
    const platform = await launch(start, { now: at("2027-06-07 09:00"), organisers: ["org"] });
    const p = platform;
    const org = await p.member("org");
    const [a, b, c] = [await p.member("a"), await p.member("b"), await p.member("c")];
    await org.say("enquetes");
    await org.press("Nieuwe enquête");
    const invalid = last(await org.submit({ title: "", url: "http://x", opens: "morgen" }));
    expect(Object.keys(invalid.errors)).toEqual(expect.arrayContaining(["title", "url", "opens"]));
    const created = last(
      await org.submit({
        title: "Evaluatie denksessies",
        url: "https://enquete.example.nl/s/abc",
        opens: "2027-06-07 10:00",
        closes: "2027-06-20 12:00",
        audience: "all",
        reminders: "elke dinsdag 20:00",
        max_reminders: "2",
        personal_links: "no",
      }),
    );
    expect(created.text).toContain("is aangemaakt");
    p.clock.set(at("2027-06-07 10:00"));
    surveyTask.run(p.ctx, p.clock.now());
    await p.drain();
    const invite = last(a.seen);
    expect(invite.text).toContain("Evaluatie denksessies");
    expect(invite.text).toContain("https://enquete.example.nl/s/abc");
    expect(invite.buttons).toEqual(["Ingevuld", "Later", "Geen herinneringen"]);
    expect(last(await a.press("Ingevuld")).text).toContain("Dank u wel");
    // A double click changes nothing: the same answer (Teams' invoke reply), or no call at all (Slack: the card shows it).
    for (const again of await a.press("Ingevuld")) expect(again.text).toContain("Dank u wel");
    expect(last(a.seen).text).toContain("Dank u wel");
    expect(last(await b.press("Later")).text).toContain("di 8 jun, 20:00");
    expect(last(await c.press("Geen herinneringen")).text).toContain("geen herinneringen meer");
    // Tuesday 20:00 is outside the sending hours: the reminder waits for Wednesday 08:00, and skips A and C.
    p.clock.set(at("2027-06-08 20:00"));
    surveyTask.run(p.ctx, p.clock.now());
    await p.drain();
    p.clock.set(at("2027-06-09 08:00"));
    await p.drain();
    expect(last(b.seen).text).toContain('Herinnering: de enquête "Evaluatie denksessies"');
    expect(last(a.seen).text).not.toContain("Herinnering");
    expect(last(c.seen).text).not.toContain("Herinnering");
    const states = p.ctx.db.prepare("SELECT state FROM survey_recipients ORDER BY member_id").all();
    expect(states.map((r) => (r as { state: string }).state).sort()).toEqual([
      "completed",
      "invited",
      "invited",
      "opted_out",
    ]);
  });
});
