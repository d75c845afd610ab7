import { afterEach, describe, expect, it } from "vitest";
import { Driver, findActions, sessionsCsv } from "./support/driver.js";

let driver: Driver;
afterEach(() => driver?.close());

const csv = sessionsCsv([
  { id: "UT1", city: "Utrecht", region: "Utrecht", date: "2027-09-14" },
  { id: "UT2", city: "Amersfoort", region: "Utrecht", date: "2027-09-16", capacity: 20 },
  { id: "AMS", city: "Amsterdam", region: "Noord-Holland", date: "2027-10-05" },
]);

describe("a GP in conversation", () => {
  it('types "sessies utrecht", signs up for the second session with name and role, and gets an .ics', () => {
    driver = new Driver({ sessionsCsv: csv });
    const gp = driver.gp("U1");
    const [list] = gp.say("sessies utrecht");
    expect(list?.text).toContain("2 denksessies");
    const signUps = findActions(list).filter((a) => a.id === "signup.join");
    expect(signUps.map((a) => a.value)).toEqual(["UT1", "UT2"]);

    const [form] = gp.click("signup.join", signUps[1]?.value);
    expect(form?.form?.submit.id).toBe("signup.profile");
    expect(form?.blocks?.filter((b) => b.kind === "input").map((b) => b.kind === "input" && b.id)).toEqual([
      "roster_name",
      "role",
    ]);

    const [invalid] = gp.click("signup.profile", "UT2", { roster_name: " ", role: "tandarts" });
    const errors = invalid?.blocks?.flatMap((b) => (b.kind === "input" && b.error ? [b.error] : []));
    expect(errors).toHaveLength(2);

    const [confirmed] = gp.click("signup.profile", "UT2", { roster_name: "Dr. Sanne Bakker", role: "huisarts" });
    expect(confirmed?.text).toContain("U bent aangemeld voor Denksessie Amersfoort");
    const ics = confirmed?.attachments?.[0];
    expect(ics?.mediaType).toBe("text/calendar");
    expect(ics?.content).toContain("DTSTART;TZID=Europe/Amsterdam:20270916T193000");
    expect(ics?.content).toContain("UID:session-UT2@spreekuur.app");

    // The name and role are asked once.
    const [second] = gp.click("signup.join", "UT1");
    expect(second?.form).toBeUndefined();
    expect(second?.text).toContain("U bent aangemeld voor Denksessie Utrecht");
  });

  it("understands English, typos and months", () => {
    driver = new Driver({ sessionsCsv: csv });
    const gp = driver.gp("U2", "en-GB");
    expect(gp.say("sessions in october")[0]?.text).toContain("1 session");
    expect(gp.say("Sesies Amsterdm")[0]?.text).toContain("1 session");
    expect(gp.say("my sessions")[0]?.text).toContain("You have not signed up");
    expect(gp.say("what is the weather")[0]?.text).toContain("did not understand");
    expect(gp.say("nederlands")[0]?.text).toContain("Nederlands");
    expect(gp.say("SESSIES")[0]?.text).toContain("3 denksessies");
  });

  it("waitlists the 21st GP and promotes them when a place frees, telling them", async () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S20", capacity: 20 }]) });
    for (let i = 1; i <= 20; i++) expect(driver.gp(`G${i}`).signUp("S20").text).toContain("aangemeld");
    const late = driver.gp("G21");
    expect(late.signUp("S20").text).toContain("wachtlijst, plaats 1");

    const first = driver.gp("G1");
    const [question] = first.click("signup.cancel", "S20");
    expect(question?.text).toContain("Wilt u zich afmelden");
    const [done] = first.press(question, "signup.cancel.confirm");
    expect(done?.text).toContain("afgemeld");

    await driver.deliver();
    const told = driver.inbox("G21");
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toContain("Goed nieuws");
    expect(told[0]?.attachments?.[0]?.content).toContain("BEGIN:VEVENT");
    expect(late.say("mijn sessies")[0]?.text).toContain("Aangemeld");
  });

  it("signing up twice returns the same result and changes nothing", () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 1 }]) });
    const gp = driver.gp("A");
    gp.signUp("S1");
    const again = gp.click("signup.join", "S1");
    expect(again[0]?.text).toContain("al aangemeld");
    const count = driver.ctx.db.prepare("SELECT count(*) AS n FROM signups").get() as { n: number };
    expect(count.n).toBe(1);
  });

  it("answers a repeated click on the DM's card with the card the first click drew (nothing for the platform to change)", () => {
    driver = new Driver({
      sessionsCsv: sessionsCsv([
        { id: "S1", capacity: 1 },
        { id: "S2", capacity: 1 },
      ]),
    });
    const gp = driver.gp("A");
    gp.signUp("S1");
    driver.gp("B").signUp("S2");
    const from = { platform: "memory" as const, conversation: "dm-A", user: "A", direct: true };
    const clickOnCard = (value: string) =>
      driver?.core.handle({ kind: "action", actionId: "signup.join", value, from, source: "m-1" });
    const first = clickOnCard("S1");
    expect(clickOnCard("S1")).toEqual(first);
    expect(first?.[0]?.text).not.toContain("al aangemeld");
    // The waitlist too: the place the card shows, in the same words.
    const waiting = clickOnCard("S2");
    expect(clickOnCard("S2")).toEqual(waiting);
    expect(driver.ctx.db.prepare("SELECT count(*) AS n FROM signups").get()).toEqual({ n: 3 });
  });

  it("skips a repeated platform event", () => {
    driver = new Driver({ sessionsCsv: csv });
    const from = { platform: "memory" as const, conversation: "d", user: "R", direct: true };
    expect(driver.core.handle({ kind: "message", text: "sessies", from, eventId: "Ev1" })).toHaveLength(1);
    expect(driver.core.handle({ kind: "message", text: "sessies", from, eventId: "Ev1" })).toHaveLength(0);
  });
});
