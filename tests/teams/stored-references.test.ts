import { afterEach, describe, expect, it } from "vitest";
import { isLoopbackServiceUrl } from "../../adapters/teams/service-url.js";
import { FakeConnector } from "../support/fake-connector.js";
import { TeamsHarness } from "../support/teams-app.js";
import { botId, cardText, tenantId } from "../support/teams-client.js";

// What the Teams adapter keeps of an activity (issue 12.3) and what it believes without authentication (12.5).

let harness: TeamsHarness;
const extra: FakeConnector[] = [];
afterEach(async () => {
  await harness?.stop();
  for (const connector of extra.splice(0)) await connector.stop();
});

/** An activity as Teams sends it, the parties with their display names and AAD object id. */
function activity(type: string, serviceUrl: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type,
    id: `f:${type}-${Math.random()}`,
    channelId: "msteams",
    serviceUrl,
    from: { id: "29:1teunis", name: "Teunis Weergaveteams", aadObjectId: "aad-4f1e-teunis" },
    recipient: { id: botId, name: "Spreekuur" },
    conversation: { id: "a:personal-teunis", name: "Teunis", conversationType: "personal", tenantId },
    channelData: { tenant: { id: tenantId } },
    locale: "nl-NL",
    ...fields,
  };
}

const references = (h: TeamsHarness) =>
  h.app.db.prepare("SELECT conversation, user_id, reference FROM conversation_refs ORDER BY conversation").all() as {
    conversation: string;
    user_id: string | null;
    reference: string;
  }[];

describe("stored Teams conversation references", () => {
  it("keep ids, service URL, tenant and conversation, and no display names; a proactive send still arrives", async () => {
    harness = await TeamsHarness.start();
    const gp = harness.user("29:1teunis");
    const url = harness.connector.url;
    expect((await gp.post(activity("conversationUpdate", url, { membersAdded: [{ id: botId }] }))).status).toBe(200);
    expect((await gp.post(activity("message", url, { text: "help" }))).status).toBe(200);
    // A team install: the channel is kept for announcements, naming neither the installer nor the channel.
    const team = { id: "19:team@thread.tacv2", name: "Huisartsen Utrecht", conversationType: "channel", tenantId };
    await gp.post(activity("conversationUpdate", url, { membersAdded: [{ id: botId }], conversation: team }));

    const rows = references(harness);
    for (const gone of ["Teunis Weergaveteams", "Spreekuur", "aad-4f1e", "Huisartsen Utrecht", '"Teunis"'])
      expect(JSON.stringify(rows)).not.toContain(gone);
    expect(rows.map((r) => ({ ...r, reference: JSON.parse(r.reference) }))).toEqual([
      {
        conversation: "19:team@thread.tacv2",
        user_id: null,
        reference: {
          channelId: "msteams",
          serviceUrl: url,
          conversation: { id: "19:team@thread.tacv2", conversationType: "channel", tenantId },
          bot: { id: botId },
        },
      },
      {
        conversation: "a:personal-teunis",
        user_id: "29:1teunis",
        reference: {
          channelId: "msteams",
          serviceUrl: url,
          conversation: { id: "a:personal-teunis", conversationType: "personal", tenantId },
          bot: { id: botId },
          user: { id: "29:1teunis" },
        },
      },
    ]);

    const before = harness.connector.calls.length;
    for (const conversation of ["a:personal-teunis", team.id]) {
      const sent = await harness.teams.send({ platform: "teams", conversation }, { text: "Er is een plaats vrij" });
      expect(sent.ok).toBe(true);
    }
    const proactive = harness.connector.calls.slice(before);
    expect(proactive.map((c) => c.conversationId)).toEqual(["a:personal-teunis", team.id]);
    expect(proactive[0]?.body).toMatchObject({ from: { id: botId }, recipient: { id: "29:1teunis" } });
    expect(cardText(proactive[0]?.body as never)).toContain("Er is een plaats vrij");
  });
});

describe("Teams without authentication", () => {
  it("accepts only loopback service URLs", () => {
    for (const url of [
      "http://127.0.0.1:3978/playground/connector/",
      "http://localhost:3978/",
      "https://127.8.9.10/",
      "http://[::1]:4000/v3/",
    ])
      expect(isLoopbackServiceUrl(url), url).toBe(true);
    for (const url of [
      "https://smba.trafficmanager.net/emea/",
      "http://user:pw@127.0.0.1:3978/",
      "http://127.0.0.1:3978@evil.test/",
      "http://127.0.0.1:3978/v3/../../admin/",
      "http://127.0.0.1:3978/v3/%2e%2e/admin/",
      "http://127.0.0.1:3978/v3/..%2Fadmin/",
      "http://localhost.evil.test/",
      "http://0.0.0.0:3978/",
      "http://127.0.0.1.nip.io/",
      "ftp://127.0.0.1/",
      "file:///etc/passwd",
      "",
      42,
      undefined,
    ])
      expect(isLoopbackServiceUrl(url), String(url)).toBe(false);
  });

  it("refuses an activity with any other serviceUrl with 400: nothing stored, nothing sent", async () => {
    harness = await TeamsHarness.start();
    const gp = harness.user("29:1teunis");
    const port = new URL(harness.connector.url).port;
    // Each would reach the fake connector on this machine if believed (0.0.0.0 connects to it on Linux), so a
    // regression shows as calls below without anything leaving the machine.
    const forged = [
      `http://0.0.0.0:${port}/`,
      `http://user:pw@127.0.0.1:${port}/`,
      `http://127.0.0.1:${port}/v3/../../admin/`,
      `http://127.0.0.1:${port}/v3/%2e%2e/%2e%2e/admin/`,
      42,
      undefined,
    ];
    for (const serviceUrl of forged) {
      for (const sent of [
        activity("conversationUpdate", "", { serviceUrl, membersAdded: [{ id: botId }] }),
        activity("message", "", { serviceUrl, text: "sessies" }),
        activity("invoke", "", {
          serviceUrl,
          name: "adaptiveCard/action",
          value: { action: { type: "Action.Execute", verb: "signup.join", data: { value: "S1" } } },
        }),
      ]) {
        const response = await gp.post(sent);
        expect(response.status, `${String(serviceUrl)} ${sent.type}`).toBe(400);
        // A URL that is not text is refused before the loopback check; both answers name the field.
        const expected = typeof serviceUrl === "string" ? "loopback" : "serviceUrl";
        expect(await response.json()).toEqual({ error: expect.stringContaining(expected) });
      }
    }
    expect(references(harness)).toEqual([]);
    expect(harness.app.db.prepare("SELECT count(*) AS n FROM members").get()).toEqual({ n: 0 });
    expect(harness.connector.calls).toEqual([]);
  });

  it("never lets an activity re-point a stored reference: proactive messages keep their first connector", async () => {
    harness = await TeamsHarness.start();
    const other = await new FakeConnector().start();
    extra.push(other);
    const gp = harness.user("29:1teunis");
    await gp.post(activity("conversationUpdate", harness.connector.url, { membersAdded: [{ id: botId }] }));
    const stored = references(harness);
    expect(stored).toHaveLength(1);

    // Someone posts as the member with a service URL of their own (loopback, so the turn itself is answered there).
    expect((await gp.post(activity("message", other.url, { text: "help" }))).status).toBe(200);
    await gp.post(activity("conversationUpdate", other.url, { membersAdded: [{ id: botId }] }));
    expect(references(harness)).toEqual(stored);

    const before = other.calls.length;
    const sent = await harness.teams.send(
      { platform: "teams", conversation: "a:personal-teunis", user: "29:1teunis" },
      { text: "Er is een plaats vrij" },
    );
    expect(sent.ok).toBe(true);
    expect(other.calls.length).toBe(before);
    expect(harness.connector.sentTo("a:personal-teunis").at(-1)).toMatchObject({ type: "message" });
    expect(cardText(harness.connector.sentTo("a:personal-teunis").at(-1) as never)).toContain("Er is een plaats vrij");
  });
});
