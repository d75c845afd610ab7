import { afterEach, describe, expect, it } from "vitest";
import { addOrganiser } from "../src/domain/organisers.js";
import { sessionsCsv } from "./support/driver.js";
import { type SlackBot, startSlackBot } from "./support/slack-app.js";
import { blockAction, dmMessage, homeOpened, post, slashCommand } from "./support/slack-requests.js";
import { inTeam } from "./support/slack-team-requests.js";
import { session, startWorkspaces, type WorkspacesBot } from "./support/slack-workspaces.js";

// Issue 16 item 5 for Slack: a request from workspace B can never read or change workspace A's members. The
// payloads are signed as Slack signs them, but claim another team than the account's: the core refuses them
// (belongsElsewhere), answering through B's own token only. A team with no installation gets nothing at all.

let bot: WorkspacesBot | undefined;
let single: SlackBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  await single?.stop();
  single = undefined;
});

const refusal = "Dit account hoort bij een andere werkruimte";

/** Everything the bot said since call `from`: messages, views, response_url posts. */
function saidSince(b: { fake: WorkspacesBot["fake"] }, calls: number, responses: number): string {
  return JSON.stringify([b.fake.calls.slice(calls).map((c) => c.params), b.fake.responses.slice(responses)]);
}

/** A's member as stored: sign-ups, consent, the workspace of the account, how many members there are. */
function stateOfA(b: WorkspacesBot) {
  const db = b.app.db;
  return {
    signups: db.prepare("SELECT session_id, status FROM signups ORDER BY session_id").all(),
    optedOut: db.prepare("SELECT count(*) AS n FROM members WHERE opted_out_at IS NOT NULL").get(),
    identities: db.prepare("SELECT user_id, workspace FROM identities ORDER BY user_id").all(),
    members: db.prepare("SELECT count(*) AS n FROM members").get(),
    broadcasts: db.prepare("SELECT count(*) AS n FROM broadcasts").get(),
  };
}

describe("Slack isolation between workspaces", () => {
  it("a member of A acting with B's team id is refused: nothing of A changes, nothing of A is read", async () => {
    bot = await startWorkspaces(["TA", "TB"]);
    const b = bot;
    await b.signUp("TA", "UA1");
    // UA2 is known in A (wrote to the bot there) and has not signed up.
    await b.from("TA", dmMessage("UA2", "hallo"));
    await b.fake.waitFor(() => b.fake.callsTo("chat.postMessage").some((c) => c.params.channel === "DUA2"));
    await b.slack.idle();
    const before = stateOfA(b);
    const tokenB = b.token("TB");

    const forged = [
      blockAction({ user: "UA1", actionId: "signup.cancel", value: session, channel: "DUA1", ts: "1" }),
      blockAction({ user: "UA2", actionId: "signup.join", value: session, channel: "DUA2", ts: "1" }),
      dmMessage("UA1", "mijn aanmeldingen"),
      dmMessage("UA1", "mijn gegevens"),
      dmMessage("UA1", "stop"),
      slashCommand("UA1", "mijn", b.fake.responseUrl("forged")),
      homeOpened("UA1"),
    ];
    for (const request of forged) {
      const calls = b.fake.calls.length;
      const responses = b.fake.responses.length;
      await b.from("TB", request);
      await b.fake.waitFor(() => saidSince(b, calls, responses).includes(refusal));
      await b.slack.idle();
      const said = saidSince(b, calls, responses);
      // Nothing of A's member: not the session they signed up for, not their roster name, no export.
      expect(said).not.toContain("Denksessie Utrecht");
      expect(said).not.toContain("Dr. UA1");
      expect(said).not.toContain("aangemeld");
      // No modal opened for the forged join, and nothing said with A's token.
      expect(b.fake.calls.slice(calls).map((c) => c.method)).not.toContain("views.open");
      for (const call of b.fake.calls.slice(calls)) expect(call.token).toBe(tokenB);
    }
    expect(stateOfA(b)).toEqual(before);
  });

  it("an organiser of A using B's team id cannot compose a broadcast", async () => {
    bot = await startWorkspaces(["TA", "TB"]);
    const b = bot;
    await b.from("TA", dmMessage("UORG", "hallo"));
    await b.fake.waitFor(() => b.fake.callsTo("chat.postMessage").some((c) => c.params.channel === "DUORG"));
    addOrganiser(b.app.db, { platform: "slack", userId: "UORG" }, b.ctx.clock.now());
    const calls = b.fake.calls.length;
    await b.from("TB", dmMessage("UORG", "bericht versturen"));
    await b.fake.waitFor(() => saidSince(b, calls, 0).includes(refusal));
    expect(b.fake.calls.slice(calls).some((c) => JSON.stringify(c.params).includes("bc_text"))).toBe(false);
    expect(b.count("SELECT count(*) AS n FROM audit_log WHERE action = 'broadcast.compose'")).toBe(0);
  });

  it("a team with no installation gets no answer through any token, and never a 500", async () => {
    bot = await startWorkspaces(["TA", "TB"]);
    const b = bot;
    await b.signUp("TA", "UA1");
    await b.slack.idle();
    const before = stateOfA(b);
    const calls = b.fake.calls.length;
    const requests = [
      dmMessage("UA1", "mijn aanmeldingen"),
      dmMessage("UC1", "hallo"),
      blockAction({ user: "UA1", actionId: "signup.cancel", value: session, channel: "DUA1", ts: "1" }),
      slashCommand("UC1", "sessies", b.fake.responseUrl("nobody")),
      homeOpened("UA1"),
    ];
    for (const request of requests) {
      const res = await post(b.url, inTeam(request, "TC"));
      expect(res.status).toBe(200);
    }
    // A request B's workspace makes afterwards is answered: the ones before it were dropped, not queued.
    await b.signUp("TB", "UB1");
    await b.slack.idle();
    const after = b.fake.calls.slice(calls).filter((c) => c.token !== b.token("TB"));
    expect(after).toEqual([]);
    expect(b.fake.responses.filter((r) => r.id === "nobody")).toEqual([]);
    const { identities, members, ...rest } = stateOfA(b);
    const { identities: identitiesBefore, members: _members, ...restBefore } = before;
    expect(rest).toEqual({
      ...restBefore,
      signups: [...restBefore.signups, { session_id: session, status: "confirmed" }],
    });
    expect(identities).toEqual([...identitiesBefore, { user_id: "UB1", workspace: "TB" }]);
    expect(members).toEqual({ n: 2 });
  });

  it("the single-token mode refuses a known account from another team id too", async () => {
    single = await startSlackBot({ sessionsCsv: sessionsCsv([{ id: session }]) });
    const s = single;
    await post(s.url, dmMessage("U1", "hallo"));
    await s.fake.waitFor(() => s.fake.callsTo("chat.postMessage").length === 1);
    const calls = s.fake.calls.length;
    await post(s.url, inTeam(dmMessage("U1", "mijn gegevens"), "T9"));
    const reply = await s.fake.waitFor(() => s.fake.callsTo("chat.postMessage")[1]);
    expect(String(reply.params.text)).toContain(refusal);
    expect(s.fake.calls.slice(calls).map((c) => c.method)).toEqual(["chat.postMessage"]);
    expect(s.count("SELECT count(*) AS n FROM identities WHERE workspace = 'T1'")).toBe(1);
  });
});
