import { type Activity, ActivityTypes, TurnContext } from "botbuilder";
import type { DirectoryConfig } from "../../src/config/directory-config.js";
import type { Reply } from "../../src/contract.js";
import type { Core } from "../../src/core.js";
import { belongsElsewhere, setReachable } from "../../src/domain/identities.js";
import { findMember } from "../../src/domain/members.js";
import { localeFrom } from "../../src/i18n/texts.js";
import { worthQueueing } from "../../src/services/delivery/failure-kinds.js";
import { queueUndeliveredReply } from "../../src/services/reply-fallback.js";
import { isBusyError } from "../../src/storage/db-errors.js";
import type { Turns } from "../core-thread/core-thread.js";
import { executeInbound, fromOf, messageInbound, tenantOf } from "./activity.js";
import { saveReference } from "./conversation-refs.js";
import { onTeamMembersChanged, teamOf } from "./directory-events.js";
import type { TeamsDirectory } from "./directory-sync.js";
import { cardInvokeResponse, type RenderOptions, renderActivity } from "./render.js";
import { sendInTurn } from "./turn-replies.js";

// What the bot does with each incoming activity: messages and card actions go to the core, installs are remembered.

export interface BotDeps {
  /** The request thread's core: its context for what the bot stores itself (references, reachability). */
  core: Core;
  /** Where the core's turns run (adapters/core-thread): a click is answered in its request. */
  turns: Turns;
  linkFor: RenderOptions["linkFor"];
  /** False while MICROSOFT_APP_ID is empty: anyone can post activities, so none may re-point a stored reference. */
  authenticated: boolean;
  /** A team's roster in the member directory (synced when the bot is added, kept current by its updates). */
  directory: TeamsDirectory;
  directoryConfig: DirectoryConfig;
}

const invokeResponse = (body: unknown, status = 200): Partial<Activity> => ({
  type: ActivityTypes.InvokeResponse,
  value: { status, body },
});

export function teamsBot(deps: BotDeps) {
  const { ctx } = deps.core;

  /**
   * An activity naming another tenant than the one its member is known in: the core refuses it (belongsElsewhere),
   * and nothing of it is stored here either (no reference, no tenant, no reachability of that member changed).
   */
  function foreign(activity: Partial<Activity>): boolean {
    const from = fromOf(activity);
    if (!from || !belongsElsewhere(ctx.db, "teams", from.user, from.workspace)) return false;
    ctx.log.warn({ platform: "teams", problem: "workspace_mismatch" }, "activity from another tenant ignored");
    return true;
  }

  /** The core's answers say their language; only other replies (a refusal without a turn) need a lookup. */
  function renderOptions(activity: Partial<Activity>, reply: Reply): RenderOptions {
    if (reply.locale) return { locale: reply.locale, linkFor: deps.linkFor };
    const member = activity.from?.id ? findMember(ctx.db, "teams", activity.from.id) : undefined;
    const locale = member?.locale ?? localeFrom(activity.locale) ?? ctx.config.BOT_LOCALE;
    return { locale, linkFor: deps.linkFor };
  }

  /** Stores the slimmed reference; only a personal chat is tied to its member (a channel names nobody). */
  function remember(context: TurnContext): void {
    const { activity } = context;
    const user = activity.conversation?.conversationType === "personal" ? activity.from?.id : undefined;
    const reference = TurnContext.getConversationReference(activity);
    // The tenant is where a first contact is made (by service URL): kept even when only the channel data names it.
    const tenant = tenantOf(activity);
    if (reference.conversation && tenant) reference.conversation.tenantId = tenant;
    try {
      saveReference(ctx.db, reference, user, ctx.clock.now(), {
        overwrite: deps.authenticated,
      });
    } catch (error) {
      // Another process holds the write lock: the turn goes on (the core answers "probeer het zo nog eens"), and the
      // reference is saved with the member's next activity.
      if (!isBusyError(error)) throw error;
      ctx.log.warn({ platform: "teams" }, "database busy: conversation reference not saved this turn");
    }
  }

  /**
   * Sends replies in the turn; a failure is translated once and a blocked member marked unreachable. A reply still
   * refused transiently after the retries (and those after it) is queued in the outbox for the member's chat.
   */
  async function sendAll(context: TurnContext, replies: Reply[]): Promise<void> {
    const user = context.activity.from?.id;
    for (const [n, reply] of replies.entries()) {
      const outcome = await sendInTurn(context, renderActivity(reply, renderOptions(context.activity, reply)));
      if (!outcome) continue;
      if (user && worthQueueing(outcome)) {
        const key = context.activity.id ?? `${ctx.clock.now()}`;
        const afterMs = outcome.reason === "rate_limited" ? outcome.retryAfterMs : 0;
        for (const [i, later] of replies.slice(n).entries()) {
          queueUndeliveredReply(ctx, { platform: "teams", user, key: `${key}:${n + i}`, reply: later, afterMs });
        }
        ctx.log.warn({ platform: "teams", outcome }, "reply queued in the outbox");
        return;
      }
      ctx.log.warn({ platform: "teams", outcome }, "reply not delivered");
      if (outcome.reason === "blocked" && user) setReachable(ctx.db, "teams", user, false);
      return;
    }
  }

  async function onMessage(context: TurnContext): Promise<void> {
    const inbound = messageInbound(context.activity);
    if (!inbound) return;
    if (inbound.from.direct && !foreign(context.activity)) remember(context);
    await sendAll(context, await deps.turns.handle(inbound));
  }

  async function onExecute(context: TurnContext): Promise<void> {
    const inbound = executeInbound(context.activity);
    if (!inbound) {
      await context.sendActivity(invokeResponse({ error: "expected an Action.Execute with a verb" }, 400));
      return;
    }
    const replies = await deps.turns.handle(inbound);
    const [first, ...rest] = replies;
    if (first?.replaceSource) {
      await sendAll(context, rest);
      await context.sendActivity(invokeResponse(cardInvokeResponse(first, renderOptions(context.activity, first))));
      return;
    }
    await sendAll(context, replies);
    await context.sendActivity(
      invokeResponse({ statusCode: 200, type: "application/vnd.microsoft.activity.message", value: "" }),
    );
  }

  async function onMembersAdded(context: TurnContext): Promise<void> {
    const { activity } = context;
    const botAdded = activity.membersAdded?.some((m) => m.id === activity.recipient?.id);
    if (!botAdded) return;
    const from = fromOf(activity);
    if (from?.direct && foreign(activity)) return;
    remember(context);
    if (!from?.direct) return; // a group chat: the reference is enough for announcements
    // The welcome is the core's answer to an empty message: as the reader may use the bot (an organiser's lists
    // their words), in their language.
    await sendAll(context, await deps.turns.handle({ kind: "message", text: "", from }));
  }

  /** The bot removed from a member's personal chat; removed from a team, whoever removed it is still reachable. */
  function onRemoved(context: TurnContext): void {
    if (context.activity.conversation?.conversationType !== "personal" || foreign(context.activity)) return;
    const user = context.activity.from?.id;
    if (user) setReachable(ctx.db, "teams", user, false);
  }

  async function onTeamUpdate(context: TurnContext, team: string): Promise<void> {
    const { activity } = context;
    if (activity.membersAdded?.some((m) => m.id === activity.recipient?.id)) remember(context);
    await onTeamMembersChanged(context, team, { ctx, config: deps.directoryConfig, directory: deps.directory });
  }

  return async function onTurn(context: TurnContext): Promise<void> {
    const { activity } = context;
    switch (activity.type) {
      case ActivityTypes.Message:
        return onMessage(context);
      case ActivityTypes.Invoke:
        if (activity.name === "adaptiveCard/action") return onExecute(context);
        await context.sendActivity(invokeResponse({ error: "not implemented" }, 501));
        return;
      case ActivityTypes.ConversationUpdate: {
        if (activity.membersRemoved?.some((m) => m.id === activity.recipient?.id)) return onRemoved(context);
        const team = teamOf(activity);
        if (team) return onTeamUpdate(context, team);
        return onMembersAdded(context);
      }
      case ActivityTypes.InstallationUpdate:
        if (String(activity.action ?? "").startsWith("remove")) onRemoved(context);
        return;
    }
  };
}
