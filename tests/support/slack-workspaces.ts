import { expect } from "vitest";
import { SlackAdapter } from "../../adapters/slack/slack-adapter.js";
import { parseSessionsCsv } from "../../src/domain/session-import.js";
import { drainOnce } from "../../src/services/delivery/drain.js";
import { importSessions } from "../../src/services/session-service.js";
import { sessionsCsv } from "./driver.js";
import type { RecordedCall } from "./fake-slack.js";
import { startOAuthBot } from "./slack-oauth.js";
import { blockAction, post, type SlackRequest, selectValue, textValue, viewSubmission } from "./slack-requests.js";
import { inTeam } from "./slack-team-requests.js";

// The bot in OAuth mode with workspaces installed through Bolt's installer against the fake Slack (the fake's
// oauth.v2.access), and members of each signing up with signed requests from their own team.

export const session = "S1";

interface SlackButton {
  action_id: string;
  value?: string;
}

/** The buttons of a message's blocks, as the renderer put them there. */
export function buttonsOf(call: RecordedCall | undefined): SlackButton[] {
  const blocks = (call?.params.blocks ?? []) as { type: string; elements?: SlackButton[] }[];
  return blocks.flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : []));
}

export async function startWorkspaces(teams: string[]) {
  const bot = await startOAuthBot();
  const ctx = bot.app.core.ctx;
  const parsed = parseSessionsCsv(sessionsCsv([{ id: session }]), ctx.config.BOT_TIMEZONE);
  if (!parsed.ok) throw new Error("sessions");
  importSessions(ctx, parsed.sessions, parsed.lines);
  for (const team of teams) {
    const code = bot.fake.workspaces.authorizeCode(team, { name: `Huisartsen ${team}` });
    expect((await bot.browser().install(code)).res.status).toBe(200);
    expect(bot.tokenOf(team)).toBe(bot.fake.workspaces.team(team)?.botToken);
  }
  const slack = bot.app.adapters.find((a): a is SlackAdapter => a instanceof SlackAdapter);
  if (!slack) throw new Error("Slack adapter not mounted");
  const url = `${bot.base}/slack/events`;
  const { fake } = bot;

  /** A signed request from `team`; answered 200. */
  async function from(team: string, request: SlackRequest): Promise<Response> {
    const res = await post(url, inTeam(request, team));
    expect(res.status).toBe(200);
    return res;
  }

  return {
    ...bot,
    ctx,
    slack,
    url,
    from,
    /** The workspace's bot token now (the fake's, which the install stored). */
    token: (team: string) => fake.workspaces.team(team)?.botToken,
    /** Sends what is due through the Slack adapter, as the dispatcher does. */
    async drain(): Promise<void> {
      while ((await drainOnce(ctx, slack)) > 0) {}
    },
    /** The whole first sign-up from `team`: the click, the modal (name and role), the confirmation in the DM. */
    async signUp(team: string, user: string): Promise<RecordedCall> {
      const opens = fake.callsTo("views.open").length;
      await from(team, blockAction({ user, actionId: "signup.join", value: session, channel: `D${user}`, ts: "1" }));
      const opened = await fake.waitFor(() => fake.callsTo("views.open")[opens]);
      // The modal opens with the request's own workspace token.
      expect(opened.token).toBe(fake.workspaces.team(team)?.botToken);
      const view = opened.params.view as { private_metadata: string };
      const before = fake.calls.length;
      await from(
        team,
        viewSubmission(
          user,
          { id: `V${user}`, private_metadata: view.private_metadata },
          { ...textValue("roster_name", `Dr. ${user}`), ...selectValue("role", "huisarts") },
        ),
      );
      // The confirmation replaces the message the button sat on, in the DM.
      return fake.waitFor(() =>
        fake.calls
          .slice(before)
          .find((c) => c.params.channel === `D${user}` && String(c.params.text).includes("U bent aangemeld")),
      );
    },
  };
}

export type WorkspacesBot = Awaited<ReturnType<typeof startWorkspaces>>;
