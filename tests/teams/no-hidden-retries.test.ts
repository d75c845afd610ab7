import { afterEach, describe, expect, it } from "vitest";
import { teamsConfigFrom, teamsConfigSchema } from "../../adapters/teams/config.js";
import { createCloudAdapter } from "../../adapters/teams/mount.js";
import { findMember } from "../../src/domain/members.js";
import { enqueue } from "../../src/domain/outbox.js";
import { silentLogger } from "../../src/log.js";
import { Dispatcher } from "../../src/services/delivery/dispatcher.js";
import { TeamsHarness } from "../support/teams-app.js";
import { botAddedToTeam, tenantId } from "../support/teams-client.js";

// Issue 16 item 3 for Teams: botbuilder's connector client no longer retries a 429 (or a 5xx) by itself, outside
// the pacer. A 429 on a send, an update or a conversation's creation reaches the dispatcher as rate_limited after
// exactly one request to the fake connector, and the tenant's lane sends nothing more inside its Retry-After.

let harness: TeamsHarness | undefined;
let dispatcher: Dispatcher | undefined;
afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = undefined;
  await harness?.stop();
  harness = undefined;
});

async function until(probe: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The names of the policies in a connector client's pipeline (ServiceClientContext keeps it privately). */
function policiesOf(connector: unknown): string[] {
  const client = Reflect.get(connector as object, "client") as {
    pipeline: { getOrderedPolicies(): { name: string }[] };
  };
  return client.pipeline.getOrderedPolicies().map((p) => p.name);
}

type Cloud = ReturnType<typeof createCloudAdapter>;
type Reference = Parameters<Cloud["continueConversationAsync"]>[1];

const reference = {
  channelId: "msteams",
  serviceUrl: "http://127.0.0.1:9/",
  conversation: { id: "a:1", conversationType: "personal", tenantId, isGroup: false, name: "" },
  bot: { id: "28:app-1", name: "" },
} as Reference;

/** The connector client a proactive turn gets from `cloud` (nothing is sent, so no token is fetched). */
async function proactiveClient(cloud: Cloud, appId: string): Promise<unknown> {
  let connector: unknown;
  await cloud.continueConversationAsync(appId, reference, async (context) => {
    connector = context.turnState.get(cloud.ConnectorClientKey);
  });
  return connector;
}

describe("the connector client's own retries", () => {
  it("are gone from the app's connector clients, which still sign their requests with the app's credentials", async () => {
    const env = { MICROSOFT_APP_ID: "app-1", MICROSOFT_APP_PASSWORD: "secret", MICROSOFT_APP_TENANT_ID: tenantId };
    const config = teamsConfigFrom(teamsConfigSchema.parse(env), { PORT: 3978 });
    const ours = await proactiveClient(createCloudAdapter(config, silentLogger), "app-1");
    expect(policiesOf(ours)).toContain("ServiceClientContext_Credentials_SignRequest");
    // botbuilder as it comes has "defaultRetryPolicy" here (throttling and exponential retries, 3 of them).
    expect(policiesOf(ours)).not.toContain("defaultRetryPolicy");
    expect(Reflect.get(ours as object, "credentials")).toMatchObject({ appId: "app-1" });
  });

  it.each(["send", "update", "create"] as const)(
    "a 429 on a %s reaches the dispatcher as rate_limited after one request, and nothing goes inside its pause",
    async (kind) => {
      const running = await TeamsHarness.start();
      harness = running;
      const ctx = running.app.core.ctx;
      const gp = running.user("29:anna");
      let to = { platform: "teams" as const, conversation: gp.conversationId, user: gp.userId };
      let updateOf: string | undefined;
      if (kind === "create") {
        // A member the team's roster brought in, who never wrote: the first message opens the 1:1 chat.
        running.connector.rosters.set("19:team", [
          { id: "29:new", name: "", aadObjectId: "aad-new", tenantId, userRole: "user" },
        ]);
        await gp.post(botAddedToTeam(running.connector.url, "19:team"));
        await running.rostersSynced();
        to = { platform: "teams", conversation: "29:new", user: "29:new" };
      } else {
        await gp.install();
        if (kind === "update") {
          const sent = await running.teams.send(to, { text: "Nog 3 plaatsen" });
          if (!sent.ok) throw new Error("send failed");
          updateOf = sent.messageId;
        }
      }
      const now = ctx.clock.now();
      const memberId = findMember(ctx.db, "teams", to.user)?.id;
      const entry = { dedupeKey: `k:${kind}`, kind: "t", to, memberId, reply: { text: "Nog 2" }, notBefore: now };
      expect(enqueue(ctx.db, { ...entry, ...(updateOf ? { updateOf } : {}) }, now)).toBe(true);
      const before = running.connector.calls.length;
      running.connector.limitTenantUntil(tenantId, Date.now() + 60_000);

      dispatcher = new Dispatcher(ctx, running.teams, { idleMs: 10 });
      dispatcher.start();
      // With botbuilder's retries on, the first answer would be followed by three more, each a minute later.
      await until(() => dispatcher?.stats.rateLimited === 1, "rate limited");
      await until(() => dispatcher?.stats.inFlight === 0, "recorded");
      const calls = running.connector.calls.slice(before);
      const expected = { send: "POST", update: "PUT", create: "POST" }[kind];
      expect(calls.map((c) => [c.method, c.status, c.tenant])).toEqual([[expected, 429, tenantId]]);
      if (kind === "create") expect(calls[0]?.path).toBe("/v3/conversations");
      expect(dispatcher.workspaces()).toMatchObject([{ workspace: tenantId, rateLimited: 1 }]);
      const row = ctx.db
        .prepare("SELECT status, not_before, attempts FROM outbox WHERE dedupe_key = ?")
        .get(`k:${kind}`);
      expect(row).toMatchObject({ status: "pending", attempts: 0 });
      expect((row as { not_before: number }).not_before).toBeGreaterThanOrEqual(now + 59_000);
      // The lane waits out the pause: no request starts inside it.
      dispatcher.wake();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(running.connector.calls.length - before).toBe(1);
    },
  );
});
