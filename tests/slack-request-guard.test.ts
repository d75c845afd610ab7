import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SlackAdapter } from "../adapters/slack/slack-adapter.js";
import { sessionsCsv } from "./support/driver.js";
import { type SlackBot, startSlackBot } from "./support/slack-app.js";
import { dmMessage, eventCallback, post, type SlackRequest } from "./support/slack-requests.js";

// The HTTP boundary at /slack/events: correctly signed but malformed requests get 200 (ignored) or 400, never a 500
// or a dropped connection, nothing is stored, and the server keeps answering. Requests no listener takes are
// answered 200 at once rather than after Bolt's 3 s with a 404. Signatures dated more than 5 minutes away, in
// either direction, get 401.

let bot: SlackBot;
beforeAll(async () => {
  bot = await startSlackBot({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 2 }]) });
});
afterAll(async () => bot?.stop());

const form = (body: string): SlackRequest => ({ body, contentType: "application/x-www-form-urlencoded" });
const json = (payload: unknown): SlackRequest => ({ body: JSON.stringify(payload), contentType: "application/json" });
const payload = (value: unknown): SlackRequest =>
  form(new URLSearchParams({ payload: JSON.stringify(value) }).toString());

const user = { id: "U9", username: "u9", team_id: "T1" };
const team = { id: "T1", domain: "huisartsen" };
const joinButton = {
  type: "button",
  action_id: "signup.join",
  block_id: "b1",
  value: "S1",
  text: { type: "plain_text", text: "…" },
  action_ts: "1700000000.1",
};
const blockActions = (fields: Record<string, unknown>) => ({
  type: "block_actions",
  api_app_id: "A1",
  token: "legacy",
  team,
  user,
  trigger_id: "tr-bad-1",
  container: { type: "message", message_ts: "1.1", channel_id: "DU9", is_ephemeral: false },
  channel: { id: "DU9", name: "directmessage" },
  actions: [joinButton],
  ...fields,
});
const modal = (callbackId: string) => ({
  id: "VBAD",
  team_id: "T1",
  type: "modal",
  callback_id: callbackId,
  private_metadata: JSON.stringify({ a: "signup.join", v: "S1" }),
  hash: "h1",
  blocks: [],
  state: { values: {} },
  title: { type: "plain_text", text: "…" },
});
const viewSubmission = (fields: Record<string, unknown>) => ({
  type: "view_submission",
  api_app_id: "A1",
  token: "legacy",
  team,
  user,
  trigger_id: "tr-bad-2",
  view: modal("spreekuur.form"),
  ...fields,
});
const withoutKey = (value: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));
const dmEvent = { type: "message", channel: "DU9", channel_type: "im", user: "U9", text: "sessies", ts: "1.2" };

// Expected: 400 for what is broken, 200 for a well-formed body no listener takes.
const malformed: [string, SlackRequest, 200 | 400][] = [
  ["payload=null", form("payload=null"), 400],
  ["payload that is not JSON", form("payload=%7Bnope"), 400],
  ["payload that is a JSON string", payload("block_actions"), 400],
  ["a form without payload or command", form("foo=bar&user_id=U9"), 400],
  ["a doubled payload", form(`${payload(blockActions({})).body}&${payload(blockActions({})).body}`), 400],
  ["a JSON body sent as a form", form(dmMessage("U9", "sessies").body), 400],
  ["a form body sent as JSON", { body: "payload=x", contentType: "application/json" }, 400],
  ["a JSON array", json([dmEvent]), 400],
  ["a JSON null", json(null), 400],
  ["view_submission without view", payload(withoutKey(viewSubmission({}), "view")), 400],
  ["view_submission without user", payload(withoutKey(viewSubmission({}), "user")), 400],
  [
    "view_submission with state: null",
    payload(viewSubmission({ view: { ...modal("spreekuur.form"), state: null } })),
    400,
  ],
  ["block_actions with user: null", payload(blockActions({ user: null })), 400],
  ["block_actions without actions", payload(withoutKey(blockActions({}), "actions")), 400],
  ["block_actions with actions: [null]", payload(blockActions({ actions: [null] })), 400],
  ["block_actions with a string as state", payload(blockActions({ state: "x" })), 400],
  ["a slash command without user_id", form("command=%2Fspreekuur&text=help&channel_id=C1&trigger_id=t1"), 400],
  ["an event that is null", json({ type: "event_callback", team_id: "T1", event_id: "EvB1", event: null }), 400],
  [
    "an event that is a string",
    json({ type: "event_callback", team_id: "T1", event_id: "EvB2", event: "message" }),
    400,
  ],
  ["an event that is a number", json({ type: "event_callback", team_id: "T1", event_id: "EvB3", event: 5 }), 400],
  ["an event_callback without event_id", json({ type: "event_callback", team_id: "T1", event: dmEvent }), 400],
  ["a message event with user: 5", eventCallback({ ...dmEvent, user: 5 }), 400],
  ["a message event with text: {}", eventCallback({ ...dmEvent, text: {} }), 400],
  [
    "function_executed",
    eventCallback({
      type: "function_executed",
      function: { callback_id: "f" },
      inputs: {},
      function_execution_id: "Fx1",
      bot_access_token: "xwfp-1",
    }),
    200,
  ],
  ["an unknown body type", json({ type: "something_new", team_id: "T1" }), 200],
  ["a body without type", json({ team_id: "T1" }), 400],
];

const stored = () => ({
  members: bot.count("SELECT count(*) AS n FROM members"),
  signups: bot.count("SELECT count(*) AS n FROM signups"),
  processedEvents: bot.count("SELECT count(*) AS n FROM processed_events"),
  outbox: bot.count("SELECT count(*) AS n FROM outbox"),
});

async function healthy(): Promise<number> {
  return (await fetch(bot.url.replace("/slack/events", "/healthz"))).status;
}

describe("Slack: malformed signed requests", () => {
  it.each(malformed)("answers %s with %i, stores nothing and stays up", async (_name, request, status) => {
    const before = stored();
    const res = await post(bot.url, request);
    expect(res.status).toBe(status);
    // A refusal says why (field names only).
    if (status === 400) expect(((await res.json()) as { error: string }).error).toMatch(/\w/);
    expect(await healthy()).toBe(200);
    // Let whatever Bolt queued after its ack run before counting.
    await (bot.slack as SlackAdapter).idle();
    expect(stored()).toEqual(before);
    expect(bot.fake.calls.filter((c) => c.method !== "auth.test")).toEqual([]);
  });

  it("still serves a well-formed request afterwards", async () => {
    const res = await post(bot.url, dmMessage("U9", "sessies"));
    expect(res.status).toBe(200);
    await bot.fake.waitFor(() => bot.fake.callsTo("chat.postMessage").length === 1);
    expect(bot.count("SELECT count(*) AS n FROM processed_events")).toBe(1);
    bot.fake.calls.length = 0;
  });
});

describe("Slack: payloads no listener takes", () => {
  // Bolt would wait unhandledRequestTimeoutMillis (3 s) for an ack no listener gives, then answer 404.
  const unlistened: [string, SlackRequest][] = [
    ["a view_submission from an old modal's callback id", payload(viewSubmission({ view: modal("old.modal") }))],
    ["a view_closed", payload({ type: "view_closed", team, user, view: modal("spreekuur.form"), is_cleared: false })],
    [
      "an app_rate_limited notice",
      json({
        token: "legacy",
        type: "app_rate_limited",
        team_id: "T1",
        api_app_id: "A1",
        minute_rate_limited: 1700000000,
      }),
    ],
    ["an unknown slash command", form("command=%2Fother&text=x&user_id=U9&channel_id=C1&trigger_id=t2&team_id=T1")],
    ["a global shortcut", payload({ type: "shortcut", callback_id: "x", trigger_id: "t3", team, user })],
  ];
  it.each(unlistened)("answers %s with 200 at once", async (_name, request) => {
    const before = stored();
    const res = await post(bot.url, request);
    expect(res.status).toBe(200);
    expect(stored()).toEqual(before);
  });
});

describe("Slack: the signature's time window", () => {
  const now = () => Math.floor(Date.now() / 1000);
  it("refuses a correctly signed request dated 10 minutes ahead with 401 and stores nothing", async () => {
    const before = stored();
    const res = await post(bot.url, dmMessage("U9", "sessies"), { timestamp: now() + 600 });
    expect(res.status).toBe(401);
    expect(stored()).toEqual(before);
    expect(bot.fake.callsTo("chat.postMessage")).toEqual([]);
  });

  it("refuses one dated 10 minutes ago with 401, and a wrong signature", async () => {
    expect((await post(bot.url, dmMessage("U9", "sessies"), { timestamp: now() - 600 })).status).toBe(401);
    expect((await post(bot.url, dmMessage("U9", "sessies"), { secret: "wrong-secret-000000000000" })).status).toBe(401);
    expect((await post(bot.url, dmMessage("U9", "sessies"), { unsigned: true })).status).toBe(401);
  });

  it("accepts a request a minute ahead (clock skew within the window)", async () => {
    const answered = bot.fake.callsTo("chat.postMessage").length;
    const res = await post(bot.url, dmMessage("U9", "mijn"), { timestamp: now() + 60 });
    expect(res.status).toBe(200);
    await bot.fake.waitFor(() => bot.fake.callsTo("chat.postMessage").length === answered + 1);
  });
});
