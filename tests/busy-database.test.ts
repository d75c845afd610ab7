import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { sessionsCsv } from "./support/driver.js";
import { TeamsHarness } from "./support/teams-app.js";
import { botId, tenantId } from "./support/teams-client.js";

// Another process (here: a second connection to the same file) holds the write lock, as a long CLI import did.

let harness: TeamsHarness | undefined;
let other: Database.Database | undefined;
afterEach(async () => {
  if (other?.inTransaction) other.exec("ROLLBACK");
  other?.close();
  await harness?.stop();
});

const clicks = 4;

/** One sign-up click (Action.Execute with the roster form filled in), kept so the very same activity can be retried. */
function signUpClick(harness: TeamsHarness, user: string): Record<string, unknown> {
  return {
    type: "invoke",
    name: "adaptiveCard/action",
    id: `f:busy-${user}`,
    timestamp: new Date().toISOString(),
    channelId: "msteams",
    serviceUrl: harness.connector.url,
    from: { id: user, aadObjectId: `aad-${user}`, name: "" },
    conversation: { conversationType: "personal", tenantId, id: `a:personal-${user}` },
    recipient: { id: botId, name: "Spreekuur" },
    channelData: { tenant: { id: tenantId } },
    locale: "nl-NL",
    value: {
      action: {
        type: "Action.Execute",
        verb: "signup.profile",
        data: { actionId: "signup.profile", value: "UT1", roster_name: `Dr. ${user}`, role: "huisarts" },
      },
      trigger: "manual",
    },
  };
}

const post = (harness: TeamsHarness, activity: Record<string, unknown>) =>
  fetch(`${harness.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(activity),
  });

const confirmed = (h: TeamsHarness) =>
  (h.app.db.prepare("SELECT count(*) AS n FROM signups WHERE status = 'confirmed'").get() as { n: number }).n;

describe("while another process holds the database's write lock", () => {
  it("/healthz answers, every click is answered (try again), nothing is claimed; the same clicks succeed afterwards", async () => {
    harness = await TeamsHarness.start({}, sessionsCsv([{ id: "UT1", city: "Utrecht", capacity: 20 }]));
    const h = harness;
    const users = Array.from({ length: clicks }, (_, i) => `29:busy${i}`);
    const activities = users.map((user) => signUpClick(h, user));

    other = new Database(h.app.core.ctx.config.DATABASE_PATH);
    other.exec("BEGIN IMMEDIATE");

    const health = await fetch(`${h.url}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { sessions: number }).sessions).toBe(1);

    const during = await Promise.all(activities.map((activity) => post(h, activity)));
    expect(during.map((r) => r.status)).toEqual(users.map(() => 200));
    for (const user of users) {
      const shown = h.connector.sentTo(`a:personal-${user}`).map((a) => a.summary);
      expect(shown).toEqual(["De database is even bezet; probeer het zo nog eens."]);
    }
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);

    other.exec("COMMIT");
    expect(confirmed(h)).toBe(0);
    expect((h.app.db.prepare("SELECT count(*) AS n FROM processed_events").get() as { n: number }).n).toBe(0);

    // The very same activities again (a platform retry or the member's next click): now they act, once each.
    const after = await Promise.all(activities.map((activity) => post(h, activity)));
    for (const response of after) {
      const body = (await response.json()) as { value: unknown };
      expect(JSON.stringify(body.value)).toContain("U bent aangemeld");
    }
    expect(confirmed(h)).toBe(clicks);
    // A third delivery of the same event is a repeat: skipped, still one sign-up each.
    await post(h, activities[0] ?? {});
    expect(confirmed(h)).toBe(clicks);
  }, 240_000);

  it("an English member gets the answer in English", async () => {
    harness = await TeamsHarness.start({}, sessionsCsv([{ id: "UT1", city: "Utrecht" }]));
    const h = harness;
    other = new Database(h.app.core.ctx.config.DATABASE_PATH);
    other.exec("BEGIN IMMEDIATE");
    const response = await post(h, { ...signUpClick(h, "29:eng"), locale: "en-GB" });
    expect(response.status).toBe(200);
    expect(h.connector.sentTo("a:personal-29:eng").map((a) => a.summary)).toEqual([
      "The database is busy for a moment; please try again shortly.",
    ]);
  }, 120_000);

  it("a typed message in a personal chat is answered too (its reference is saved with the next one)", async () => {
    harness = await TeamsHarness.start({}, sessionsCsv([{ id: "UT1", city: "Utrecht" }]));
    const h = harness;
    const typed = (id: string) => ({
      ...signUpClick(h, "29:typist"),
      type: "message",
      id,
      text: "sessies",
      name: undefined,
      value: undefined,
    });
    other = new Database(h.app.core.ctx.config.DATABASE_PATH);
    other.exec("BEGIN IMMEDIATE");
    const during = await post(h, typed("m:busy-1"));
    expect(during.status).toBe(200);
    expect(h.connector.sentTo("a:personal-29:typist").map((a) => a.summary)).toEqual([
      "De database is even bezet; probeer het zo nog eens.",
    ]);
    other.exec("COMMIT");
    const references = () => (h.app.db.prepare("SELECT count(*) AS n FROM conversation_refs").get() as { n: number }).n;
    expect(references()).toBe(0);
    expect((await post(h, typed("m:busy-2"))).status).toBe(200);
    expect(references()).toBe(1);
  }, 120_000);
});
