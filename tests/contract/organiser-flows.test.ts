import { describe, expect, it } from "vitest";
import { sessionsCsv } from "../support/driver.js";
import { at, last, longAnswer, platformPerTest, signUp } from "./flow-helpers.js";
import { platforms } from "./harness.js";

// The same leader and broadcast flows, written once, through the real Slack stack and the real Teams stack (see
// harness.ts). Privacy, polls and surveys: member-flows.test.ts.

const launch = platformPerTest();

describe.each(platforms)("on %s", (_name, start) => {
  it("leader: roster with CSV, message to attendees, attendance list, a long report saved as draft", async () => {
    const platform = await launch(start, {
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
    const platform = await launch(start, { now: at("2027-06-01 10:00"), organisers: ["org"] });
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
