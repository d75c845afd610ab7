import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TeamsHarness } from "../support/teams-app.js";

// POST /api/messages with a JSON object that is not an activity botbuilder can take: 400, never a 500, nothing
// stored, and the server keeps answering.

let harness: TeamsHarness;
beforeAll(async () => {
  harness = await TeamsHarness.start();
});
afterAll(async () => harness?.stop());

const activity = (fields: Record<string, unknown>) => ({
  type: "message",
  id: "f:1",
  channelId: "msteams",
  serviceUrl: harness.connector.url,
  from: { id: "29:u1" },
  conversation: { conversationType: "personal", tenantId: "tenant-1", id: "a:personal-1" },
  recipient: { id: "28:spreekuur-bot" },
  text: "sessies",
  ...fields,
});
const without = (key: string) => Object.fromEntries(Object.entries(activity({})).filter(([k]) => k !== key));

const count = (table: string) =>
  (harness.app.core.ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const stored = () => ({
  members: count("members"),
  refs: count("conversation_refs"),
  processedEvents: count("processed_events"),
});

describe("Teams: malformed activities", () => {
  const cases: [string, () => Record<string, unknown>][] = [
    ["an activity without type", () => without("type")],
    ["an activity whose type is a number", () => activity({ type: 5 })],
    ["an activity whose serviceUrl is a number", () => activity({ serviceUrl: 5 })],
    ["an activity whose serviceUrl is an object", () => activity({ serviceUrl: { href: "x" } })],
    ["an activity without serviceUrl", () => without("serviceUrl")],
  ];
  it.each(cases)("answers %s with 400 and stores nothing", async (_name, body) => {
    const before = stored();
    const res = await fetch(`${harness.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body()),
    });
    expect(res.status).toBe(400);
    expect((await fetch(`${harness.url}/healthz`)).status).toBe(200);
    expect(stored()).toEqual(before);
  });

  it("still takes a well-formed activity", async () => {
    const res = await harness.user("29:u1").say("help");
    expect(res.status).toBe(200);
  });
});
