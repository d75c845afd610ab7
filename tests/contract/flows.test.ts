import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { findMember } from "../../src/domain/members.js";
import { pollTask } from "../../src/services/poll-service.js";
import { surveyTask } from "../../src/services/survey-service.js";
import { sessionsCsv } from "../support/driver.js";
import { type Member, type Platform, platforms, type Shown } from "./harness.js";

// The same flows, written once, through the real Slack stack and the real Teams stack (see harness.ts).

const zone = "Europe/Amsterdam";
const at = (local: string) => DateTime.fromFormat(local, "yyyy-MM-dd HH:mm", { zone }).toMillis();
const last = (shown: Shown[]): Shown => {
  const found = shown.at(-1);
  if (!found) throw new Error("nothing shown");
  return found;
};

/** A multi-line answer just under the 3000-character limit, with quotes and apostrophes. */
function longAnswer(seed: string): string {
  const line = `${seed}: huisartsen willen meer tijd per patiënt, en "samenwerking" in de wijk, ook 's avonds.`;
  const lines: string[] = [];
  while ([...lines, line].join("\n").length <= 3000) lines.push(`${lines.length + 1}. ${line}`);
  return `${lines.join("\n")}\n${"z".repeat(3000)}`.slice(0, 2999);
}

async function signUp(gp: Member, name: string): Promise<void> {
  await gp.say("sessies");
  await gp.press("Aanmelden");
  const done = last(await gp.submit({ roster_name: name, role: "huisarts" }));
  expect(done.text).toContain("U bent aangemeld");
}

let platform: Platform | undefined;
afterEach(async () => {
  const problems = platform?.problems ?? [];
  await platform?.stop();
  platform = undefined;
  // Whatever a flow showed, on either platform, fitted that platform's limits.
  expect(problems).toEqual([]);
});

describe.each(platforms)("on %s", (_name, start) => {
  it("privacy: 'mijn gegevens' gives the summary and the JSON file; erasure asks, then erases", async () => {
    platform = await start({
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
    const data = JSON.parse(file?.content ?? "{}") as { profile: { user_id: string }[] };
    expect(data.profile[0]?.user_id).toBe(gp.id);

    const question = last(await gp.say("verwijder mijn gegevens"));
    expect(question.text).toContain("Dit kan niet ongedaan");
    expect(last(await gp.press("Nee, bewaren")).text).toContain("niets verwijderd");
    expect(findMember(platform.ctx.db, platform.name, gp.id)).toBeDefined();
    expect(last(await gp.press("Ja, verwijder alles")).text).toContain("Uw gegevens zijn verwijderd");
    expect(findMember(platform.ctx.db, platform.name, gp.id)).toBeUndefined();
    const named = platform.ctx.db
      .prepare("SELECT count(*) AS n FROM signups s JOIN members m ON m.id = s.member_id WHERE m.user_id = ?")
      .get(gp.id);
    expect(named).toEqual({ n: 0 });
    // The waitlisted member moves up and hears it through the same adapter.
    await platform.drain();
    expect(last(next.seen).text).toContain("Goed nieuws");
  });

  it("poll: an organiser creates it, a member answers with one click and changes it, results arrive", async () => {
    platform = await start({ now: at("2027-06-01 10:00"), organisers: ["org"] });
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
    platform = await start({ now: at("2027-06-07 09:00"), organisers: ["org"] });
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
    expect(last(await a.press("Ingevuld")).text).toContain("Dank u wel"); // a double click changes nothing
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

  it("leader: roster with CSV, message to attendees, attendance list, a long report saved as draft", async () => {
    platform = await start({
      now: at("2027-06-01 10:00"),
      sessionsCsv: (key) => sessionsCsv([{ id: "S1", date: "2027-06-15", capacity: 5, leaderId: key("lead") }]),
    });
    const p = platform;
    const lead = await p.member("lead");
    const anna = await p.member("anna");
    const bert = await p.member("bert");
    await signUp(anna, "Anna Aalders");
    await signUp(bert, "Bert Bos");

    const list = last(await lead.say("mijn sessies als leider"));
    expect(list.text).toContain("2 van 5");
    const roster = last(await lead.press("Presentielijst"));
    expect(roster.text).toContain("1. Anna Aalders (Huisarts)");
    const withCsv = (await lead.press("Download CSV")).find((s) => s.files.length);
    expect(withCsv?.files[0]?.filename).toBe("presentielijst-S1.csv");
    expect(withCsv?.files[0]?.content).toContain("Anna Aalders,huisarts,confirmed,1");

    await lead.press("Terug naar mijn sessies");
    const form = last(await lead.press("Bericht aan deelnemers"));
    expect(form.inputs.map((i) => [i.id, i.multiline])).toEqual([
      ["message", true],
      ["urgent", false],
    ]);
    const empty = last(await lead.submit({ message: " ", urgent: "no" }));
    expect(empty.errors.message).toContain("Schrijf een bericht");
    const words = "De zaal is verplaatst naar zaal 2.\nParkeren kan achter het gebouw.";
    expect(last(await lead.submit({ message: words, urgent: "yes" })).text).toContain("naar 2 deelnemers (meteen)");
    await p.drain();
    expect(last(anna.seen).text).toContain("Parkeren kan achter het gebouw.");
    expect(last(bert.seen).text).toContain("Bericht van sessieleider");

    // The evening of the session: attendance, then the report.
    p.clock.set(at("2027-06-15 22:30"));
    await lead.say("mijn sessies als leider");
    const attendance = last(await lead.press("Aanwezigheid"));
    const [present] = attendance.inputs;
    expect(present?.multiple).toBe(true);
    expect(present?.options.map((o) => o.label)).toEqual(["Anna Aalders (Huisarts)", "Bert Bos (Huisarts)"]);
    const both = present?.options.map((o) => o.value).join(",") ?? "";
    expect(last(await lead.submit({ attended: both })).text).toContain("2 van 2 aanwezig");
    await lead.say("mijn sessies als leider");
    expect(last(await lead.press("Aanwezigheid")).inputs[0]?.value).toBe(both);
    const annaOnly = present?.options[0]?.value ?? "";
    await lead.submit({ attended: annaOnly });
    const marked = p.ctx.db.prepare("SELECT count(*) AS n FROM attendance WHERE attended = 1").get() as { n: number };
    expect(marked.n).toBe(1);

    await lead.say("mijn sessies als leider");
    await lead.press("Verslag");
    const reportForm = (await lead.press(/^2\. Spoedeisende/)).at(-1);
    expect(reportForm?.inputs.map((i) => [i.id, i.multiline, i.maxLength])).toEqual([
      ["spoed.basis", true, 3000],
      ["spoed.probleem", true, 3000],
      ["spoed.oplossingen", true, 3000],
    ]);
    const long = longAnswer("Spoed");
    const saved = last(
      await lead.submit({ "spoed.basis": long, "spoed.probleem": "Drukte.\n\nVooral in het weekend." }),
    );
    expect(saved.text).toContain("Opgeslagen als concept");
    const again = (await lead.press(/^2\. Spoedeisende/)).at(-1);
    expect(again?.inputs.map((i) => i.value)).toEqual([long, "Drukte.\n\nVooral in het weekend.", undefined]);
    // Too long (a client that ignores maxLength): the error shows beside the field and nothing is saved.
    const tooLong = last(await lead.submit({ "spoed.basis": "x".repeat(3001) }));
    expect(tooLong.errors["spoed.basis"]).toContain("Hoogstens 3000 tekens");
    expect(last(await lead.press(/^2\. Spoedeisende/)).inputs[0]?.value).toBe(long);

    // The other parts, then the report goes in once.
    for (const [n, task] of [
      [1, "mgz"],
      [3, "palliatief"],
      [4, "preventie"],
    ] as const) {
      await lead.press(new RegExp(`^${n}\\. `));
      await lead.submit({ [`${task}.basis`]: "a", [`${task}.probleem`]: "b", [`${task}.oplossingen`]: "c" });
    }
    await lead.press(/^2\. Spoedeisende/);
    await lead.submit({ "spoed.oplossingen": "Meer overleg." });
    await lead.press(/^5\. /);
    await lead.submit({ other: "", participants: "14" });
    const done = (await lead.press("Verslag indienen")).map((r) => r.text).join("\n");
    expect(done).toContain("Het verslag is ingediend");
    const stored = p.ctx.db.prepare("SELECT answers, submitted_at FROM session_reports").get() as {
      answers: string;
      submitted_at: number | null;
    };
    expect(stored.submitted_at).not.toBeNull();
    expect(JSON.parse(stored.answers)["spoed.basis"]).toBe(long);

    expect(last(await anna.say("mijn sessies als leider")).text).toContain("niet als sessieleider");
  });

  it("broadcast: an organiser composes in chat, previews, confirms and reads the report; others are refused", async () => {
    platform = await start({ now: at("2027-06-01 10:00"), organisers: ["org"] });
    const p = platform;
    const org = await p.member("org");
    const a = await p.member("a");
    expect(last(await a.say("bericht versturen")).text).toContain("alleen een organisator");

    const form = last(await org.say("bericht versturen"));
    expect(form.inputs.map((i) => i.id)).toEqual(expect.arrayContaining(["bc_text", "bc_audience"]));
    const invalid = last(await org.submit({ bc_text: " ", bc_audience: "everyone" }));
    expect(invalid.errors.bc_text).toBeTruthy();
    expect(invalid.inputs.map((i) => i.id)).toContain("bc_text"); // the form stays, to be corrected
    const preview = last(await org.submit({ bc_text: "Let op: nieuwe datum.\nZie de site.", bc_audience: "everyone" }));
    expect(preview.text).toContain("2 ontvangers");
    const queued = last(await org.press("Versturen"));
    expect(queued.text).toContain("Bericht 1 staat klaar voor 2 ontvangers");
    await org.press("Versturen"); // a double click queues nothing more
    expect(p.ctx.db.prepare("SELECT count(*) AS n FROM outbox WHERE broadcast_id = 1").get()).toEqual({ n: 2 });

    // The first recipient has blocked the bot: the platform's refusal is translated into the report.
    const broadcastsSeen = () =>
      [org, a].flatMap((m) => m.seen.filter((s) => s.text.startsWith("Let op: nieuwe datum."))).length;
    p.blockNextSend();
    await p.drain();
    expect(broadcastsSeen()).toBe(1);
    const report = last(await org.press("Bezorgrapport"));
    expect(report.text).toContain("Verstuurd: 1 · Wacht: 0 · Mislukt: 1 (van 2)");
    expect(report.text).toContain("blocked");
    const resent = await org.press("Opnieuw versturen aan mislukte");
    expect(resent.map((r) => r.text).join("\n")).toContain("1 bericht opnieuw in de wachtrij");
    await p.drain();
    expect(last(await org.say("rapport 1")).text).toContain("Verstuurd: 2 · Wacht: 0 · Mislukt: 0 (van 2)");
    expect(broadcastsSeen()).toBe(2);
  });
});
