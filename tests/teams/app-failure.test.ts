import { afterEach, describe, expect, it } from "vitest";
import { deliveryReport } from "../../src/domain/broadcasts.js";
import { addOrganiser } from "../../src/domain/organisers.js";
import { queueBroadcast } from "../../src/services/broadcast-queue.js";
import { createDraft } from "../../src/services/broadcasts.js";
import { Dispatcher } from "../../src/services/delivery/dispatcher.js";
import { TeamsHarness } from "../support/teams-app.js";

// Issue 12 item 2 for Teams, through the real CloudAdapter against the fake connector: a 401 (or a 403 that is
// about the bot) is the bot's credentials, so the sends pause and no member is marked unreachable.

let harness: TeamsHarness | undefined;
let dispatcher: Dispatcher | undefined;
afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = undefined;
  await harness?.stop();
  harness = undefined;
});

const members = 4;

async function until(probe: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** N members who installed the bot (so a conversation reference is stored), an organiser on Slack, a broadcast. */
async function broadcastToMembers(running: TeamsHarness): Promise<number> {
  for (let i = 0; i < members; i++) expect((await running.user(`29:gp${i}`).install()).status).toBe(200);
  const ctx = running.app.core.ctx;
  const id = createDraft(ctx, {
    createdBy: "teams:29:gp0",
    text: "De denksessie van morgen gaat door.",
    audience: { kind: "everyone" },
    urgent: true,
    locale: "nl",
  });
  expect(queueBroadcast(ctx, id, "teams:29:gp0")).toBe(members);
  addOrganiser(ctx.db, { platform: "slack", userId: "UORG" }, ctx.clock.now());
  return id;
}

function count(running: TeamsHarness, sql: string): number {
  return (running.app.db.prepare(sql).get() as { n: number }).n;
}

function state(running: TeamsHarness) {
  return {
    pending: count(running, "SELECT count(*) AS n FROM outbox WHERE platform = 'teams' AND status = 'pending'"),
    sent: count(running, "SELECT count(*) AS n FROM outbox WHERE platform = 'teams' AND status = 'sent'"),
    failed: count(running, "SELECT count(*) AS n FROM outbox WHERE platform = 'teams' AND status = 'failed'"),
    attempts: count(running, "SELECT coalesce(sum(attempts), 0) AS n FROM outbox WHERE platform = 'teams'"),
    unreachable: count(running, "SELECT count(*) AS n FROM member_reach WHERE reachable = 0"),
    notices: count(running, "SELECT count(*) AS n FROM outbox WHERE kind = 'delivery.paused' AND platform = 'slack'"),
  };
}

describe("the connector refusing the bot's credentials", () => {
  it.each([
    { status: 401, body: { message: "Authorization has been denied for this request." }, reason: "HTTP 401" },
    {
      status: 403,
      body: { error: { code: "BotDisabledByAdmin", message: "" } },
      reason: "HTTP 403 BotDisabledByAdmin",
    },
  ])("$reason pauses Teams' sends, marks nobody, tells the organiser once; recovered, it delivers", async (refusal) => {
    harness = await TeamsHarness.start();
    const broadcast = await broadcastToMembers(harness);
    harness.connector.refuseAll = { status: refusal.status, body: refusal.body };
    const posted = harness.connector.calls.length;
    dispatcher = new Dispatcher(harness.app.core.ctx, harness.teams, { idleMs: 10, probeEveryMs: 3_600_000 });
    dispatcher.start();
    await until(() => dispatcher?.pause !== undefined && dispatcher.stats.inFlight === 0, "paused");

    expect(dispatcher.pause?.reason).toBe(refusal.reason);
    expect(dispatcher.stats.paused).toBe(dispatcher.stats.requests);
    expect(harness.connector.calls.length - posted).toBe(dispatcher.stats.requests);
    expect(state(harness)).toEqual({ pending: members, sent: 0, failed: 0, attempts: 0, unreachable: 0, notices: 1 });
    expect(deliveryReport(harness.app.db, broadcast)).toMatchObject({ waiting: members, failed: 0 });

    // Probing again while still refused: the same pause, no second notice.
    const answered = dispatcher.stats.paused;
    dispatcher.probeNow();
    await until(() => dispatcher?.stats.paused === answered + 1, "the probe answered");
    expect(state(harness)).toMatchObject({ pending: members, unreachable: 0, notices: 1 });

    harness.connector.refuseAll = undefined;
    dispatcher.probeNow();
    await dispatcher.drained();
    expect(dispatcher.pause).toBeUndefined();
    expect(state(harness)).toMatchObject({ pending: 0, sent: members, failed: 0, unreachable: 0, notices: 1 });
    for (let i = 0; i < members; i++) {
      const conversation = `a:personal-29:gp${i}`;
      const texts = harness.connector.calls
        .filter((c) => c.conversationId === conversation && c.status === 200)
        .map((c) => JSON.stringify(c.body));
      expect(texts.filter((t) => t.includes("De denksessie van morgen gaat door."))).toHaveLength(1);
    }
  });

  it("a member's own 403 (MessageWritesBlocked) still marks only that member, and nothing pauses", async () => {
    harness = await TeamsHarness.start();
    await broadcastToMembers(harness);
    harness.connector.failures.push({ status: 403, body: { error: { code: "MessageWritesBlocked", message: "" } } });
    dispatcher = new Dispatcher(harness.app.core.ctx, harness.teams, { idleMs: 10, maxInFlight: 1 });
    dispatcher.start();
    await dispatcher.drained();
    expect(dispatcher.pause).toBeUndefined();
    expect(state(harness)).toMatchObject({ sent: members - 1, failed: 1, unreachable: 1, notices: 0 });
  });
});
