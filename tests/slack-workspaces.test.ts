import { afterEach, describe, expect, it } from "vitest";
import { addOrganiser } from "../src/domain/organisers.js";
import type { RecordedCall } from "./support/fake-slack.js";
import {
  blockAction,
  dmMessage,
  selectValue,
  slashCommand,
  textValue,
  viewSubmission,
} from "./support/slack-requests.js";
import { appUninstalled, tokensRevoked } from "./support/slack-team-requests.js";
import { buttonsOf, startWorkspaces, type WorkspacesBot } from "./support/slack-workspaces.js";

// Issue 16's contract flow for Slack, through the real Bolt stack, Bolt's OAuth installer and the fake Slack: two
// workspaces installed by OAuth, members signing up in both, an organiser's broadcast reaching both (each message
// with its own workspace's token), then one workspace uninstalls: its token is gone, its waiting messages are held
// with the reason, nothing more goes there, and the other workspace delivers as before. A reinstall resumes them.

let bot: WorkspacesBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/** Waits for the bot's work after an ack, failing after 5 s. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(done()).toBe(true);
}

/** Which workspace each DM belongs to (the fake answers conversations.open with D + user id). */
const teamOfChannel: Record<string, string> = { DUA1: "TA", DUA2: "TA", DUORG: "TA", DUB1: "TB", DUB2: "TB" };

/** The organiser in workspace A composes a broadcast to everyone in the modal, previews it and confirms it. */
async function broadcast(b: WorkspacesBot, text: string): Promise<void> {
  const { fake } = b;
  const opens = fake.callsTo("views.open").length;
  await b.from("TA", slashCommand("UORG", "bericht versturen", fake.responseUrl()));
  const opened = await fake.waitFor(() => fake.callsTo("views.open")[opens]);
  expect(opened.token).toBe(b.token("TA"));
  const view = opened.params.view as { private_metadata: string };
  const posts = fake.callsTo("chat.postMessage").length;
  await b.from(
    "TA",
    viewSubmission(
      "UORG",
      { id: `V${opens}`, private_metadata: view.private_metadata },
      { ...textValue("bc_text", text), ...selectValue("bc_audience", "everyone"), ...selectValue("bc_urgent", "yes") },
    ),
  );
  const preview = await fake.waitFor(() => fake.callsTo("chat.postMessage").slice(posts).find(isPreview));
  expect(preview.token).toBe(b.token("TA"));
  const confirm = buttonsOf(preview).find((button) => button.action_id.startsWith("broadcast.confirm"));
  const ts = String(preview.result?.ts);
  const before = fake.callsTo("chat.update").length;
  await b.from(
    "TA",
    blockAction({ user: "UORG", actionId: confirm?.action_id ?? "", value: confirm?.value, channel: "DUORG", ts }),
  );
  await fake.waitFor(
    () => fake.callsTo("chat.update").length > before || fake.callsTo("chat.postMessage").length > posts + 1,
  );
}

const isPreview = (call: RecordedCall) => buttonsOf(call).some((b) => b.action_id.startsWith("broadcast.confirm"));

/** The broadcast's messages (not the organiser's preview) as chat.postMessage received them, with their tokens. */
const sendsOf = (b: WorkspacesBot, text: string): RecordedCall[] =>
  b.fake
    .callsTo("chat.postMessage")
    .filter((c) => c.result?.ok && String(c.params.text).includes(text) && !isPreview(c));

function rowsOf(b: WorkspacesBot, broadcastText: string) {
  return b.app.db
    .prepare(
      `SELECT workspace, status, failure, count(*) AS n FROM outbox WHERE kind = 'broadcast' AND payload LIKE ?
        GROUP BY workspace, status, failure ORDER BY workspace, status`,
    )
    .all(`%${broadcastText}%`);
}

describe("Slack in two workspaces (OAuth installs, through Bolt)", () => {
  it("sign-ups in both, a broadcast to both with each workspace's token, an uninstall holding only that workspace", async () => {
    bot = await startWorkspaces(["TA", "TB"]);
    const b = bot;
    const now = b.ctx.clock.now();

    // Members of both workspaces sign up, each through their own workspace's token.
    for (const [team, user] of [
      ["TA", "UA1"],
      ["TA", "UA2"],
      ["TB", "UB1"],
      ["TB", "UB2"],
    ] as const) {
      const confirmation = await b.signUp(team, user);
      expect(confirmation.token).toBe(b.token(team));
    }
    await b.fake.waitFor(() => b.fake.callsTo("files.completeUploadExternal").length === 4);
    for (const call of b.fake.callsTo("files.completeUploadExternal")) {
      expect(call.token).toBe(b.token(teamOfChannel[String(call.params.channel_id)] ?? ""));
    }
    const workspaces = b.app.db
      .prepare("SELECT user_id, workspace FROM identities WHERE platform = 'slack' ORDER BY user_id")
      .all();
    expect(workspaces).toEqual([
      { user_id: "UA1", workspace: "TA" },
      { user_id: "UA2", workspace: "TA" },
      { user_id: "UB1", workspace: "TB" },
      { user_id: "UB2", workspace: "TB" },
    ]);

    // An organiser of workspace A (organisers are the association's, not a workspace's) broadcasts to everyone.
    addOrganiser(b.app.db, { platform: "slack", userId: "UORG" }, now);
    const first = "Denksessie Utrecht gaat door.";
    await broadcast(b, first);
    await b.drain();
    const sent = sendsOf(b, first);
    expect(sent.map((c) => c.params.channel).sort()).toEqual(["DUA1", "DUA2", "DUB1", "DUB2", "DUORG"]);
    for (const call of sent) expect(call.token).toBe(b.token(teamOfChannel[String(call.params.channel)] ?? ""));

    // A second broadcast is queued, then workspace B removes the app (Slack revokes its token and says so).
    const second = "Zaal 2 in plaats van zaal 1.";
    await broadcast(b, second);
    const tokenB = b.token("TB");
    b.fake.revokeToken("token_revoked", "TB");
    await b.from("TB", appUninstalled("TB"));
    await until(() => b.installation("TB")?.sealedBotToken === null);
    expect(b.installation("TB")?.removedAt).not.toBeNull();
    expect(b.tokenOf("TA")).toBe(b.token("TA"));
    expect(rowsOf(b, second)).toEqual([
      { workspace: "TA", status: "pending", failure: null, n: 3 },
      { workspace: "TB", status: "pending", failure: "paused: app_uninstalled", n: 2 },
    ]);
    // Slack's tokens_revoked for the same uninstall is recorded, and keeps the reason shown.
    await b.from("TB", tokensRevoked("TB", { bot: [b.installation("TB")?.botUserId ?? ""] }));
    const audited = () =>
      b.app.db.prepare("SELECT action, subject, detail FROM audit_log WHERE action LIKE 'slack.%'").all();
    await until(() => audited().length === 2);
    expect(audited()).toEqual([
      { action: "slack.app_uninstalled", subject: "workspace:TB", detail: "2 messages held" },
      { action: "slack.tokens_revoked", subject: "workspace:TB", detail: "0 messages held" },
    ]);
    expect(b.app.db.prepare("SELECT workspace, reason FROM workspace_holds").all()).toEqual([
      { workspace: "TB", reason: "app_uninstalled" },
    ]);

    // Workspace A delivers; nothing more goes to B, with any token; nobody is marked unreachable.
    const callsB = () => b.fake.calls.filter((c) => c.token === tokenB).length;
    const beforeB = callsB();
    await b.drain();
    expect(
      sendsOf(b, second)
        .map((c) => c.params.channel)
        .sort(),
    ).toEqual(["DUA1", "DUA2", "DUORG"]);
    expect(callsB()).toBe(beforeB);
    expect(rowsOf(b, second)).toEqual([
      { workspace: "TA", status: "sent", failure: null, n: 3 },
      { workspace: "TB", status: "pending", failure: "paused: app_uninstalled", n: 2 },
    ]);
    expect(b.count("SELECT count(*) AS n FROM member_reach WHERE reachable = 0")).toBe(0);

    // A member of B writing now: no installation, so Bolt authorizes nothing and nothing answers.
    const posts = b.fake.callsTo("chat.postMessage").length;
    await b.from("TB", blockAction({ user: "UB1", actionId: "sessions.list", channel: "DUB1", ts: "1" }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(b.fake.callsTo("chat.postMessage")).toHaveLength(posts);

    // Installed again: the held messages go out with the new token, once.
    expect((await b.browser().install(b.fake.workspaces.authorizeCode("TB"))).res.status).toBe(200);
    expect(b.token("TB")).not.toBe(tokenB);
    await b.drain();
    const resumed = sendsOf(b, second).filter((c) => teamOfChannel[String(c.params.channel)] === "TB");
    expect(resumed.map((c) => c.params.channel).sort()).toEqual(["DUB1", "DUB2"]);
    for (const call of resumed) expect(call.token).toBe(b.token("TB"));
    expect(rowsOf(b, second)).toEqual([
      { workspace: "TA", status: "sent", failure: null, n: 3 },
      { workspace: "TB", status: "sent", failure: null, n: 2 },
    ]);
  });

  it("a reply Slack did not take is queued in the request's workspace and sent later with that workspace's token", async () => {
    bot = await startWorkspaces(["TA", "TB"]);
    const b = bot;
    // Slack is down for the reply (the short retries included).
    b.fake.fail("chat.postMessage", { status: 503 }, { status: 503 }, { status: 503 });
    await b.from("TB", dmMessage("UB9", "hallo"));
    await until(() => b.count("SELECT count(*) AS n FROM outbox WHERE kind = 'reply'") === 1);
    expect(b.app.db.prepare("SELECT workspace, conversation FROM outbox WHERE kind = 'reply'").all()).toEqual([
      { workspace: "TB", conversation: "DUB9" },
    ]);
    await b.drain();
    const delivered = b.fake.callsTo("chat.postMessage").filter((c) => c.result?.ok);
    expect(delivered.map((c) => [c.params.channel, c.token])).toEqual([["DUB9", b.token("TB")]]);
  });
});
