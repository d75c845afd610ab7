import { afterEach, describe, expect, it } from "vitest";
import { sessionsCsv } from "./support/driver.js";
import { type SlackBot, startSlackBot } from "./support/slack-app.js";

// Socket Mode: with an app-level token the bot dials the URL apps.connections.open hands out, and acks envelopes.

let bot: SlackBot;
afterEach(async () => bot?.stop());

describe("Slack in Socket Mode", () => {
  it("connects through apps.connections.open, acks a slash command envelope and answers on the response_url", async () => {
    bot = await startSlackBot({ socketMode: true, sessionsCsv: sessionsCsv([{ id: "S1", city: "Utrecht" }]) });
    const { fake } = bot;
    const open = fake.callsTo("apps.connections.open");
    expect(open).toHaveLength(1);
    expect(open[0]?.token).toBe("xapp-1-test");

    const ack = await fake.sendEnvelope("slash_commands", {
      token: "legacy",
      team_id: "T1",
      channel_id: "C1",
      user_id: "U1",
      command: "/spreekuur",
      text: "sessies utrecht",
      response_url: fake.responseUrl("sock"),
      trigger_id: "tr-sock-1",
      api_app_id: "A1",
    });
    expect(ack.envelope_id).toMatch(/^env-/);
    const answer = await fake.waitFor(() => fake.responses.find((r) => r.id === "sock"));
    expect(String(answer.body.text)).toContain("1 denksessie");

    // The HTTP endpoint is not mounted in Socket Mode.
    const res = await fetch(bot.url, { method: "POST", body: "{}" });
    expect(res.status).toBe(404);
  });

  it("acks a DM event envelope and answers in the DM, once", async () => {
    bot = await startSlackBot({ socketMode: true });
    const { fake } = bot;
    const envelope = {
      token: "legacy",
      team_id: "T1",
      api_app_id: "A1",
      type: "event_callback",
      event_id: "EvSOCK1",
      event_time: 1,
      event: {
        type: "message",
        channel: "DU3",
        channel_type: "im",
        user: "U3",
        text: "help",
        ts: "1.1",
        event_ts: "1.1",
      },
    };
    await fake.sendEnvelope("events_api", envelope);
    const reply = await fake.waitFor(() => fake.callsTo("chat.postMessage")[0]);
    expect(reply.params.channel).toBe("DU3");
    await fake.sendEnvelope("events_api", envelope);
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.callsTo("chat.postMessage")).toHaveLength(1);
  });
});
