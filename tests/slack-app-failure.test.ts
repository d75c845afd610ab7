import { afterEach, describe, expect, it } from "vitest";
import { deliveryReport } from "../src/domain/broadcasts.js";
import { ensureMember } from "../src/domain/members.js";
import { addOrganiser } from "../src/domain/organisers.js";
import { queueBroadcast } from "../src/services/broadcast-queue.js";
import { createDraft } from "../src/services/broadcasts.js";
import type { CoreContext } from "../src/services/context.js";
import { Dispatcher } from "../src/services/delivery/dispatcher.js";
import { drainOnce } from "../src/services/delivery/drain.js";
import { type SlackBot, startSlackBot } from "./support/slack-app.js";

// Issue 12 item 2 and issue 13 item 5, through the real Slack adapter against the fake Web API: a revoked token is
// the app's failure (sends pause, nobody is marked), and a 200 with an HTML body is a transient outage.

let bot: SlackBot | undefined;
const dispatchers: Dispatcher[] = [];
afterEach(async () => {
  for (const dispatcher of dispatchers.splice(0)) await dispatcher.stop();
  await bot?.stop();
  bot = undefined;
});

const members = 6;

/** N Slack members with a DM each, one organiser on Teams and one on Slack, and an urgent broadcast to everyone. */
function broadcastToMembers(ctx: CoreContext): number {
  const now = ctx.clock.now();
  for (let i = 0; i < members; i++) ensureMember(ctx.db, "slack", `U${i}`, now, `D${i}`);
  const id = createDraft(ctx, {
    createdBy: "slack:U0",
    text: "De denksessie van morgen gaat door.",
    audience: { kind: "everyone" },
    urgent: true,
    locale: "nl",
  });
  expect(queueBroadcast(ctx, id, "slack:U0")).toBe(members);
  ensureMember(ctx.db, "teams", "29:organiser", now, "a:organiser");
  addOrganiser(ctx.db, { platform: "teams", userId: "29:organiser" }, now);
  addOrganiser(ctx.db, { platform: "slack", userId: "U0" }, now);
  return id;
}

function dispatcherFor(running: SlackBot): Dispatcher {
  const dispatcher = new Dispatcher(running.app.core.ctx, running.slack, {
    rates: { ratePerSecond: 1000, conversationRatePerSecond: 1000 },
    idleMs: 10,
    // Probes only when the test says so (probeNow): nothing here depends on how fast time passes.
    probeEveryMs: 3_600_000,
  });
  dispatchers.push(dispatcher);
  return dispatcher;
}

async function until(probe: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function state(running: SlackBot) {
  return {
    pending: running.count("SELECT count(*) AS n FROM outbox WHERE platform = 'slack' AND status = 'pending'"),
    sent: running.count("SELECT count(*) AS n FROM outbox WHERE platform = 'slack' AND status = 'sent'"),
    failed: running.count("SELECT count(*) AS n FROM outbox WHERE platform = 'slack' AND status = 'failed'"),
    attempts: running.count("SELECT coalesce(sum(attempts), 0) AS n FROM outbox WHERE platform = 'slack'"),
    unreachable: running.count("SELECT count(*) AS n FROM member_reach WHERE reachable = 0"),
    notices: running.count("SELECT count(*) AS n FROM outbox WHERE kind = 'delivery.paused'"),
  };
}

describe("a revoked Slack token", () => {
  it.each(["token_revoked", "invalid_auth", "account_inactive"])(
    "%s pauses Slack's sends: no member marked, rows wait, one organiser notice; a fixed token delivers them",
    async (error) => {
      bot = await startSlackBot();
      const ctx = bot.app.core.ctx;
      const broadcast = broadcastToMembers(ctx);
      bot.fake.revokeToken(error);
      const dispatcher = dispatcherFor(bot);
      dispatcher.start();
      await until(() => dispatcher.pause !== undefined && dispatcher.stats.inFlight === 0, "paused");
      await until(() => dispatcher.stats.paused === dispatcher.stats.requests, "every send answered");

      expect(dispatcher.pause?.reason).toBe(error);
      expect(dispatcher.stats.pause?.reason).toBe(error);
      expect(state(bot)).toEqual({ pending: members, sent: 0, failed: 0, attempts: 0, unreachable: 0, notices: 1 });
      expect(deliveryReport(ctx.db, broadcast)).toMatchObject({ total: members, sent: 0, waiting: members, failed: 0 });
      // The notice goes where it can arrive: the organiser on Teams, in Dutch, naming the reason; not on Slack.
      const notice = ctx.db
        .prepare("SELECT platform, conversation, payload FROM outbox WHERE kind = 'delivery.paused'")
        .get() as {
        platform: string;
        conversation: string;
        payload: string;
      };
      expect(notice.platform).toBe("teams");
      expect(notice.conversation).toBe("a:organiser");
      const text = (JSON.parse(notice.payload) as { text: string }).text;
      expect(text).toContain(`Slack weigert de toegang van de app (${error})`);
      expect(text).toContain(`Er wachten ${members} berichten`);

      // Probing again while the token is still revoked: the same pause, no second notice, still nothing marked.
      const answered = dispatcher.stats.paused;
      dispatcher.probeNow();
      await until(() => dispatcher.stats.paused === answered + 1, "the probe answered");
      expect(state(bot)).toMatchObject({ pending: members, attempts: 0, unreachable: 0, notices: 1 });

      bot.fake.restoreToken();
      dispatcher.probeNow();
      await dispatcher.drained();
      expect(dispatcher.pause).toBeUndefined();
      expect(dispatcher.stats.pause).toBeUndefined();
      expect(state(bot)).toMatchObject({ pending: 0, sent: members, failed: 0, unreachable: 0, notices: 1 });
      const delivered = bot.fake.callsTo("chat.postMessage").filter((call) => call.result?.ok);
      expect(delivered.map((call) => call.params.channel).sort()).toEqual(
        Array.from({ length: members }, (_, i) => `D${i}`),
      );
      expect(deliveryReport(ctx.db, broadcast)).toMatchObject({ sent: members, waiting: 0, failed: 0 });
    },
  );

  it("a restart with the token still revoked tells nobody twice; a restart with a fixed token resumes", async () => {
    bot = await startSlackBot();
    const ctx = bot.app.core.ctx;
    broadcastToMembers(ctx);
    bot.fake.revokeToken();
    const first = dispatcherFor(bot);
    first.start();
    await until(() => first.pause !== undefined && first.stats.inFlight === 0, "paused");
    await first.stop();

    const second = dispatcherFor(bot);
    second.start();
    await until(() => second.pause !== undefined && second.stats.inFlight === 0, "paused again");
    await second.stop();
    expect(state(bot)).toMatchObject({ pending: members, unreachable: 0, notices: 1 });

    bot.fake.restoreToken();
    const third = dispatcherFor(bot);
    third.start();
    await third.drained();
    expect(third.pause).toBeUndefined();
    expect(state(bot)).toMatchObject({ pending: 0, sent: members, unreachable: 0, notices: 1 });
  });

  it("a member's own refusal still marks only that member", async () => {
    bot = await startSlackBot();
    const ctx = bot.app.core.ctx;
    broadcastToMembers(ctx);
    bot.fake.fail("chat.postMessage", { error: "cannot_dm_bot" });
    await bot.drain();
    expect(state(bot)).toMatchObject({ sent: members - 1, failed: 1, unreachable: 1, notices: 0 });
  });
});

describe("a Web API answer of 200 with a body that is not JSON", () => {
  it("is a transient outage: retried, nobody marked, nothing of the page stored, then delivered", async () => {
    bot = await startSlackBot();
    const ctx = bot.app.core.ctx;
    const broadcast = broadcastToMembers(ctx);
    const page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    bot.fake.fail("chat.postMessage", ...Array.from({ length: members }, () => ({ html: page })));

    expect(await drainOnce(ctx, bot.slack)).toBe(members);
    expect(state(bot)).toMatchObject({ pending: members, failed: 0, attempts: members, unreachable: 0 });
    const failures = ctx.db.prepare("SELECT DISTINCT failure FROM outbox WHERE platform = 'slack'").all();
    expect(failures).toEqual([{ failure: "unavailable: non_json_response" }]);

    bot.clock.advance(ctx.config.DELIVERY_RETRY_MAX_MS);
    await bot.drain();
    expect(state(bot)).toMatchObject({ pending: 0, sent: members, failed: 0, unreachable: 0 });
    expect(deliveryReport(ctx.db, broadcast)).toMatchObject({ sent: members, failed: 0 });
  });
});
