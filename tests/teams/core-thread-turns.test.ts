import { afterEach, describe, expect, it, vi } from "vitest";
import { sessionsCsv } from "../support/driver.js";
import { TeamsHarness } from "../support/teams-app.js";

// Through the real botbuilder path: a Teams click is answered by the core's own thread (adapters/core-thread), on
// the app's manual clock, and never by the request thread's core.

let harness: TeamsHarness;
afterEach(async () => harness?.stop());

const csv = sessionsCsv([{ id: "UT1", city: "Utrecht", date: "2027-09-14", capacity: 1 }]);
const profile = { actionId: "signup.profile", value: "UT1", role: "huisarts" };

describe("Teams: turns on the core's thread", () => {
  it("answers clicks in the invoke from the core's thread; the places and the clock are the app's", async () => {
    harness = await TeamsHarness.start({}, csv);
    const here = vi.spyOn(harness.app.core, "handle");
    const anna = harness.user("29:anna");
    const bram = harness.user("29:bram");
    const first = await anna.execute("signup.profile", { ...profile, roster_name: "Dr. Anna de Vries" });
    expect(first.status).toBe(200);
    expect(JSON.stringify(first.body.value)).toContain("U bent aangemeld");
    // One place: the second is waitlisted, however many threads hold a connection.
    const second = await bram.execute("signup.profile", { ...profile, roster_name: "Dr. Bram Jansen" });
    expect(JSON.stringify(second.body.value)).toContain("wachtlijst");
    const counts = harness.app.db
      .prepare("SELECT status, count(*) AS n FROM signups GROUP BY status ORDER BY status")
      .all();
    expect(counts).toEqual([
      { status: "confirmed", n: 1 },
      { status: "waitlisted", n: 1 },
    ]);
    // After the session the thread knows it too: sign-ups are closed.
    harness.clock.set(Date.UTC(2027, 8, 15, 8));
    const late = await harness.user("29:cees").execute("signup.profile", { ...profile, roster_name: "Dr. Cees" });
    expect(JSON.stringify(late.body.value)).toContain("Deze sessie is al begonnen of voorbij.");
    expect(here).not.toHaveBeenCalled();
  }, 60_000);
});
