import { afterEach, describe, expect, it } from "vitest";
import { parseIntent } from "../src/conversation/intents.js";
import { Driver, findActions, sessionsCsv } from "./support/driver.js";

// Issue 18, item 5: free text finds what was meant; what has no words gets the short help; nobody is offered a
// sign-up that would refuse them.

let driver: Driver;
afterEach(() => driver?.close());

const csv = sessionsCsv([
  { id: "UT1", city: "Utrecht", region: "Utrecht" },
  { id: "UT2", city: "Utrecht", region: "Utrecht", date: "2027-09-22" },
  { id: "AMS", city: "Amsterdam", region: "Noord-Holland" },
  { id: "AIOS", city: "Zwolle", region: "Overijssel", audience: "aios" },
]);

describe("free text", () => {
  it('finds the Utrecht sessions for "inschrijven voor utrecht graag"', () => {
    driver = new Driver({ sessionsCsv: csv });
    for (const text of ["inschrijven voor utrecht graag", "ik wil me graag aanmelden voor Utrecht"]) {
      const [reply] = driver.gp("U1").say(text);
      expect(reply?.text).not.toContain("bestaat niet");
      expect(
        findActions(reply)
          .filter((a) => a.id === "signup.join")
          .map((a) => a.value),
      ).toEqual(["UT1", "UT2"]);
    }
    // An id still signs up at once.
    expect(driver.gp("U2").say("aanmelden ut1")[0]?.form?.submit.id).toBe("signup.profile");
  });

  it('answers emoji only with the short "Dat begreep ik niet", not the welcome again', () => {
    driver = new Driver({ sessionsCsv: csv });
    for (const text of ["👍", "🙂🙂", "👋 !"]) {
      const [reply] = driver.gp("U1").say(text);
      expect(reply?.text).toMatch(/^Dat begreep ik niet/);
      expect(reply?.text).not.toContain("Welkom");
    }
    expect(parseIntent("")).toEqual({ kind: "help", greeting: true });
    expect(parseIntent("?")).toEqual({ kind: "help", greeting: false });
  });

  it("does not offer a huisarts a session for aios only", () => {
    driver = new Driver({ sessionsCsv: csv });
    const gp = driver.gp("H1");
    gp.signUp("AMS", "Dr. Huisarts", "huisarts");
    const [list] = gp.say("sessies");
    const offered = findActions(list).map((a) => a.value);
    expect(offered).not.toContain("AIOS");
    expect(list?.text).not.toContain("Zwolle");
    // An aios is offered it.
    const aios = driver.gp("A1");
    aios.signUp("AMS", "Dr. Aios", "aios");
    expect(findActions(aios.say("sessies")[0]).map((a) => a.value)).toContain("AIOS");
  });
});
