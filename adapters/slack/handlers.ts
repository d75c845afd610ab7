import type { App, BlockAction, ButtonAction, webApi } from "@slack/bolt";
import type { From } from "../../src/contract.js";
import type { Core } from "../../src/core.js";
import type { Logger } from "../../src/log.js";
import type { DmChannels } from "./dm-channels.js";
import { publishHome } from "./home.js";
import { coreActionId, decodeMetadata, formCallbackId, formErrors } from "./render.js";
import { deliverReplies, type Origin } from "./surfaces.js";
import type { WorkQueue } from "./work-queue.js";

// Bolt listeners: each acknowledges first, hands a normalised inbound to the core, then delivers the replies.
// Event ids (event_id, trigger_id) go to the core, which skips an id it has seen: retries never repeat a side effect.

export const slashCommand = "/spreekuur";

interface Deps {
  core: Core;
  dms: DmChannels;
  /** Work after the ack goes here, so acks never wait behind it. */
  work: WorkQueue;
  log: Logger;
}

function from(user: string, conversation: string, direct = false): From {
  return { platform: "slack", user, conversation, ...(direct ? { direct } : {}) };
}

/** A bot message in a channel starting with D is in the member's DM with the bot. */
const isDm = (channel: string | undefined) => Boolean(channel?.startsWith("D"));

export function registerHandlers(app: App, { core, dms, work, log }: Deps): void {
  app.command(slashCommand, async ({ command, ack, respond, client }) => {
    await ack();
    work.push(async () => {
      const replies = core.handle({
        kind: "message",
        text: command.text.trim() || "help",
        from: from(command.user_id, command.channel_id),
        eventId: `command:${command.trigger_id}`,
      });
      await deliverReplies(
        client,
        dms,
        { user: command.user_id, respond, triggerId: command.trigger_id },
        replies,
        log,
      );
    });
  });

  app.action<BlockAction>({ type: "block_actions" }, async ({ ack, body, action, respond, client }) => {
    await ack();
    if (action.type !== "button") return;
    const button = action as ButtonAction;
    const user = body.user.id;
    const channel = body.channel?.id;
    const inHome = body.view?.type === "home";
    const ephemeral = body.container?.is_ephemeral === true;
    // A button under a form in a message (not the home tab) sends the inputs' state along, as a modal's submit.
    const state = !inHome && body.state?.values ? formValues(body.state.values as StateValues) : {};
    const inlineForm = Object.keys(state).length > 0;
    work.push(async () => {
      const replies = core.handle({
        kind: "action",
        actionId: coreActionId(button.action_id),
        ...(button.value !== undefined ? { value: button.value } : {}),
        ...(inlineForm ? { form: state } : {}),
        from: from(user, channel ?? user, isDm(channel)),
        eventId: `action:${body.trigger_id}`,
      });
      if (channel && isDm(channel)) dms.remember(user, channel);
      const ts = body.message?.ts ?? body.container?.message_ts;
      // A form submitted from a message stays in that message (with its errors) rather than jumping to a modal.
      const origin: Origin = { user, ...(inlineForm ? { inlineForm } : { triggerId: body.trigger_id }) };
      if (ephemeral && body.response_url) Object.assign(origin, { respond, ephemeralSource: true });
      else if (channel && ts) Object.assign(origin, { channel, source: { channel, ts } });
      await deliverReplies(client, dms, origin, replies, log);
      if (inHome) await refreshHome(client, core, user, log);
    });
  });

  app.view(formCallbackId, async ({ ack, body, view, client }) => {
    const meta = decodeMetadata(view.private_metadata);
    const user = body.user.id;
    if (!meta) {
      await ack();
      return;
    }
    const replies = core.handle({
      kind: "action",
      actionId: meta.a,
      ...(meta.v !== undefined ? { value: meta.v } : {}),
      form: formValues(view.state.values),
      from: from(user, user),
      eventId: `view:${view.id}:${"trigger_id" in body ? body.trigger_id : view.hash}`,
    });
    // The form again with errors: shown next to the fields, in the open modal.
    const again = replies.find((r) => r.form && Object.keys(formErrors(r)).length);
    if (again) {
      await ack({ response_action: "errors", errors: formErrors(again) });
      return;
    }
    await ack();
    const origin: Origin = { user, ...(meta.c && meta.t ? { source: { channel: meta.c, ts: meta.t } } : {}) };
    work.push(() => deliverReplies(client, dms, origin, replies, log));
  });

  app.event("message", async ({ event, body, client }) => {
    if (event.channel_type !== "im" || event.subtype !== undefined || "bot_id" in event) return;
    dms.remember(event.user, event.channel);
    work.push(async () => {
      const replies = core.handle({
        kind: "message",
        text: event.text ?? "",
        from: from(event.user, event.channel, true),
        eventId: body.event_id,
      });
      await deliverReplies(client, dms, { user: event.user, channel: event.channel }, replies, log);
    });
  });

  app.event("app_home_opened", async ({ event, client }) => {
    if (event.tab !== "home") return;
    work.push(() => refreshHome(client, core, event.user, log));
  });
}

async function refreshHome(client: webApi.WebClient, core: Core, user: string, log: Logger): Promise<void> {
  try {
    await publishHome(client, core, user);
  } catch (error) {
    log.warn({ err: error instanceof Error ? error.name : "unknown" }, "slack home not published");
  }
}

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
