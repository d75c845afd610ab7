import type { App, BlockAction, ButtonAction, Context, webApi } from "@slack/bolt";
import type { From, Inbound } from "../../src/contract.js";
import type { Core } from "../../src/core.js";
import type { Logger } from "../../src/log.js";
import { queueUndeliveredReply } from "../../src/services/reply-fallback.js";
import type { Turns } from "../core-thread/core-thread.js";
import type { DmChannels } from "./dm-channels.js";
import { publishHome } from "./home.js";
import type { InviteLinks } from "./invite-links.js";
import { coreActionId } from "./render-blocks.js";
import { decodeMetadata, formCallbackId, formErrors } from "./render-modal.js";
import type { SurfaceMemory } from "./surface-memory.js";
import { deliverReplies, type Origin, openForm, type Pending, pending, type Surfaces } from "./surfaces.js";
import type { WorkQueue } from "./work-queue.js";
import type { WorkspaceClients } from "./workspace-clients.js";

// Bolt listeners: each acknowledges first, hands a normalised inbound to the core, then delivers the replies.
// Event ids (event_id, trigger_id) go to the core, which skips an id it has seen: retries never repeat a side effect.
// Clicks and commands run the core in the trigger lane (a form opens as a modal while the trigger is fresh); all
// other Web API calls go to the work lane. A modal's submission is checked before the ack, handled after it.

export const slashCommand = "/spreekuur";

interface Deps {
  /** The request thread's core: its context (the outbox fallback) and a form's check before the ack (read-only). */
  core: Core;
  /** Where the core's turns run (adapters/core-thread): off the thread that reads and acks requests. */
  turns: Turns;
  dms: DmChannels;
  /** Web API work after the ack goes here, so acks never wait behind it. */
  work: WorkQueue;
  /** The core and views.open for clicks and commands: never behind other members' Web API calls. */
  triggers: WorkQueue;
  /** views.open's clients, one per workspace token. */
  clients: WorkspaceClients;
  /** Calendar invites as links (with a public address) or uploads. */
  links: InviteLinks;
  /** What each bot message shows now (shared with the outbox's sends and updates). */
  shown: SurfaceMemory;
  log: Logger;
}

function from(user: string, conversation: string, workspace: string | undefined, direct = false): From {
  return { platform: "slack", user, conversation, ...(workspace ? { workspace } : {}), ...(direct ? { direct } : {}) };
}

/** The workspace a request came from: the enterprise for an org-wide install (Enterprise Grid), else the team. */
export function workspaceOf(context: Context): string | undefined {
  return (context.isEnterpriseInstall ? context.enterpriseId : context.teamId) ?? context.teamId;
}

/** A bot message in a channel starting with D is in the member's DM with the bot. */
const isDm = (channel: string | undefined) => Boolean(channel?.startsWith("D"));

export function registerHandlers(app: App, deps: Deps): void {
  const { core, turns, dms, work, triggers, log } = deps;
  // Every Web API call after the ack uses the request's own workspace: Bolt's client, authorized with its token.
  const surfaces = (client: webApi.WebClient, context: Context): Surfaces => {
    const workspace = workspaceOf(context);
    const token = context.botToken;
    return {
      workspace,
      client,
      triggerClient: token ? deps.clients.trigger(workspace, token) : client,
      dms,
      links: deps.links,
      shown: deps.shown,
      log,
      queue: (user, key, reply, afterMs) =>
        void queueUndeliveredReply(core.ctx, {
          platform: "slack",
          user,
          key,
          reply,
          afterMs,
          ...(workspace ? { workspace } : {}),
        }),
    };
  };

  /** The core, then a form's modal, in the trigger lane; the rest of the replies in the work lane. */
  function clickWork(s: Surfaces, origin: Origin, inbound: Inbound, after?: () => Promise<void>): void {
    triggers.push(async () => {
      const rest = await openForm(s, origin, pending(await turns.handle(inbound)));
      const { triggerId: _used, ...later } = origin;
      work.push(async () => {
        await deliverReplies(s, later, rest);
        await after?.();
      });
    });
  }

  app.command(slashCommand, async ({ command, ack, respond, client, context }) => {
    await ack();
    const eventId = `command:${command.trigger_id}`;
    const origin: Origin = { user: command.user_id, respond, triggerId: command.trigger_id, key: eventId };
    clickWork(surfaces(client, context), origin, {
      kind: "message",
      text: command.text.trim() || "help",
      from: from(command.user_id, command.channel_id, workspaceOf(context)),
      eventId,
    });
  });

  app.action<BlockAction>({ type: "block_actions" }, async ({ ack, body, action, respond, client, context }) => {
    await ack();
    if (action.type !== "button") return;
    const button = action as ButtonAction;
    // A link button opened its address in the browser; Slack tells the app, and there is nothing to do.
    if (button.url) return;
    const user = body.user.id;
    const channel = body.channel?.id;
    const inHome = body.view?.type === "home";
    const ephemeral = body.container?.is_ephemeral === true;
    // A button under a form in a message (not the home tab) sends the inputs' state along, as a modal's submit.
    const state = !inHome && body.state?.values ? formValues(body.state.values as StateValues) : {};
    const inlineForm = Object.keys(state).length > 0;
    if (channel && isDm(channel)) dms.remember(workspaceOf(context), user, channel);
    const eventId = `action:${body.trigger_id}`;
    const ts = body.message?.ts ?? body.container?.message_ts;
    // A form submitted from a message stays in that message (with its errors) rather than jumping to a modal.
    const origin: Origin = { user, key: eventId, ...(inlineForm ? { inlineForm } : { triggerId: body.trigger_id }) };
    if (ephemeral && body.response_url) Object.assign(origin, { respond, ephemeralSource: true });
    else if (channel && !isDm(channel))
      origin.privateIn = channel; // shared: everyone there would see a change
    else if (channel && ts) Object.assign(origin, { channel, source: { channel, ts } });
    const inbound: Inbound = {
      kind: "action",
      actionId: coreActionId(button.action_id),
      ...(button.value !== undefined ? { value: button.value } : {}),
      ...(inlineForm ? { form: state } : {}),
      from: from(user, channel ?? user, workspaceOf(context), isDm(channel)),
      eventId,
      // The message clicked, in the member's DM: the core may update it later (a waitlist card on promotion).
      ...(channel && ts && isDm(channel) && !ephemeral ? { source: `${channel}/${ts}` } : {}),
    };
    const s = surfaces(client, context);
    clickWork(s, origin, inbound, inHome ? () => refreshHome(s, turns, user) : undefined);
  });

  app.view(formCallbackId, async ({ ack, body, view, client, context }) => {
    const meta = decodeMetadata(view.private_metadata);
    const user = body.user.id;
    if (!meta) {
      await ack();
      return;
    }
    const eventId = `view:${view.id}:${"trigger_id" in body ? body.trigger_id : view.hash}`;
    const inbound: Extract<Inbound, { kind: "action" }> = {
      kind: "action",
      actionId: meta.a,
      ...(meta.v !== undefined ? { value: meta.v } : {}),
      form: formValues(view.state.values),
      from: from(user, user, workspaceOf(context)),
      eventId,
      ...(meta.c && meta.t && isDm(meta.c) ? { source: `${meta.c}/${meta.t}` } : {}),
    };
    // Only a message in the member's DM is replaced by the outcome; anything else goes to the DM.
    const source = meta.c && meta.t && isDm(meta.c) ? { source: { channel: meta.c, ts: meta.t } } : {};
    const origin: Origin = { user, key: eventId, ...source };
    const s = surfaces(client, context);
    // Fields with mistakes are answered in the open modal at once; a sound form is acked before the transaction.
    const check = core.validate(inbound);
    const errors = check.kind === "invalid" ? formErrors(check.reply) : {};
    if (Object.keys(errors).length) {
      await ack({ response_action: "errors", errors });
      return;
    }
    if (check.kind === "valid") {
      await ack();
      work.push(async () => deliverReplies(s, origin, pending(await turns.handle(inbound))));
      return;
    }
    // A form without a cheap check (organisers' forms, one at a time): the core decides before the ack.
    const replies = await turns.handle(inbound);
    const again = replies.find((r) => r.form && Object.keys(formErrors(r)).length);
    if (again) {
      await ack({ response_action: "errors", errors: formErrors(again) });
      return;
    }
    await ack();
    const queued: Pending[] = pending(replies);
    work.push(() => deliverReplies(s, origin, queued));
  });

  app.event("message", async ({ event, body, client, context }) => {
    if (event.channel_type !== "im" || event.subtype !== undefined || "bot_id" in event) return;
    dms.remember(workspaceOf(context), event.user, event.channel);
    const s = surfaces(client, context);
    work.push(async () => {
      const replies = await turns.handle({
        kind: "message",
        text: event.text ?? "",
        from: from(event.user, event.channel, workspaceOf(context), true),
        eventId: body.event_id,
      });
      const origin: Origin = { user: event.user, channel: event.channel, key: `event:${body.event_id}` };
      await deliverReplies(s, origin, pending(replies));
    });
  });

  app.event("app_home_opened", async ({ event, client, context }) => {
    if (event.tab !== "home") return;
    const s = surfaces(client, context);
    work.push(() => refreshHome(s, turns, event.user));
  });
}

async function refreshHome(s: Surfaces, turns: Turns, user: string): Promise<void> {
  try {
    await publishHome(s.client, turns, { platform: "slack", conversation: user, user, ...workspaceField(s) });
  } catch (error) {
    s.log.warn({ err: error instanceof Error ? error.name : "unknown" }, "slack home not published");
  }
}

const workspaceField = (s: Surfaces) => (s.workspace ? { workspace: s.workspace } : {});

type StateValues = Record<
  string,
  Record<
    string,
    {
      value?: string | null;
      selected_option?: { value: string } | null;
      selected_options?: { value: string }[] | null;
    }
  >
>;

/** Input values by block id (the core's input ids); a multi-select's values joined by commas, as the contract says. */
export function formValues(values: StateValues): Record<string, string> {
  const form: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(values)) {
    for (const input of Object.values(actions)) {
      const value = input.selected_options
        ? input.selected_options.map((o) => o.value).join(",")
        : (input.selected_option?.value ?? input.value);
      if (typeof value === "string") form[blockId] = value;
    }
  }
  return form;
}
