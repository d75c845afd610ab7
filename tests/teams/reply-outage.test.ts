import { afterEach, describe, expect, it } from "vitest";
import { drainOnce } from "../../src/services/delivery/drain.js";
import { sessionsCsv } from "../support/driver.js";
import { TeamsHarness } from "../support/teams-app.js";
import { cardOf, cardText } from "../support/teams-client.js";

// Replies in the turn while the Bot Framework connector answers 502: retried, else queued in the outbox for the
// member's personal chat, and delivered exactly once.

let harness: TeamsHarness;
afterEach(async () => harness?.stop());

const csv = sessionsCsv([{ id: "UT1", city: "Utrecht", date: "2027-09-14", capacity: 5 }]);
const bad = { status: 502, body: { error: { code: "ServiceError", message: "bad gateway" } } };
const profile = { actionId: "signup.profile", value: "UT1", roster_name: "Dr. Anna de Vries", role: "huisarts" };

function confirmationsTo(h: TeamsHarness, conversation: string): number {
  return h.connector.calls.filter(
    (c) =>
      c.method === "POST" &&
      c.conversationId === conversation &&
      c.status === 200 &&
      cardText(cardOf(c.body)).includes("U bent aangemeld"),
  ).length;
}

describe("Teams: replies in a connector outage", () => {
  it("retries a reply the connector answered with 502 and delivers it once", async () => {
    harness = await TeamsHarness.start({}, csv);
    const gp = harness.user("29:anna");
    await gp.install();
    // Fewer 502s than our attempts in the turn (4; botbuilder's own retries are off).
    harness.connector.failures.push(bad, bad, bad);
    // The Action.Submit fallback: the confirmation is a reply in the turn.
    expect((await gp.submit(profile)).status).toBe(200);
    expect(confirmationsTo(harness, gp.conversationId)).toBe(1);
    expect(harness.app.db.prepare("SELECT count(*) AS n FROM outbox").get()).toEqual({ n: 0 });
  }, 60_000);

  it("queues a reply still refused after the retries and sends it to the member's chat once", async () => {
    harness = await TeamsHarness.start({}, csv);
    const gp = harness.user("29:bram");
    await gp.install();
    // More 502s than our attempts in the turn.
    harness.connector.failures.push(...Array.from({ length: 30 }, () => bad));
    expect((await gp.submit(profile)).status).toBe(200);
    expect(confirmationsTo(harness, gp.conversationId)).toBe(0);
    const queued = harness.app.db.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'reply'").get();
    expect(queued).toEqual({ n: 1 });

    harness.connector.failures.length = 0;
    expect(await drainOnce(harness.app.core.ctx, harness.teams)).toBe(1);
    expect(confirmationsTo(harness, gp.conversationId)).toBe(1);
    await drainOnce(harness.app.core.ctx, harness.teams);
    expect(confirmationsTo(harness, gp.conversationId)).toBe(1);
  }, 120_000);
});
