import type {
  Adapter,
  AdapterProfile,
  Address,
  Delivery,
  Opened,
  PlatformCapabilities,
  PlatformLimits,
  PlatformRates,
  Reply,
} from "../../src/contract.js";
import type { Logger } from "../../src/log.js";
import type { DmChannels } from "./dm-channels.js";
import { deliveryFromError } from "./errors.js";
import type { InviteLinks } from "./invite-links.js";
import { renderMessage } from "./render.js";
import { limits as blockKit } from "./render-limits.js";
import { type SurfaceMemory, surfaceHash } from "./surface-memory.js";
import { uploadAttachments } from "./surfaces.js";
import type { WorkspaceClients } from "./workspace-clients.js";

/** Message ids the core keeps for `update`: channel and ts, which chat.update needs. */
const messageId = (channel: string, ts: string) => `${channel}/${ts}`;

/** What the core may put in one Slack surface: Block Kit's caps, as the renderer enforces them. */
const slackLimits: PlatformLimits = {
  textLength: blockKit.sectionText,
  blocksPerMessage: blockKit.messageBlocks,
  blocksPerForm: blockKit.viewBlocks,
  fieldsPerBlock: blockKit.fieldsPerSection,
  actionsPerBlock: blockKit.elementsPerActions,
  labelLength: blockKit.buttonText,
  optionsPerInput: blockKit.options,
  inputLength: blockKit.sectionText,
  formTitleLength: blockKit.modalTitle,
};

const slackCapabilities: PlatformCapabilities = { updates: true, modals: true, ephemeral: true, files: true };

/** No token for the workspace (uninstalled, never installed): the app's own failure, only that workspace pauses. */
const notInstalled = { ok: false, reason: "unauthorized", detail: "not_installed" } as const;

interface SlackAdapterDeps {
  clients: WorkspaceClients;
  dms: DmChannels;
  /** Calendar invites as links (with a public address) or uploads. */
  links: InviteLinks;
  /** What each bot message shows now: an update that changes nothing is not sent. */
  shown: SurfaceMemory;
  log: Logger;
  /** chat.postMessage's rates, from the settings (SLACK_RATE_PER_SECOND, SLACK_CHANNEL_RATE_PER_SECOND). */
  rates: PlatformRates;
  /** Resolves when the work queued after acks (the core, then Web API calls) is done: shutdown and tests. */
  idle?: () => Promise<void>;
}

/**
 * Sends on the bot's initiative (the outbox drains into it), each with the client of the address's workspace.
 * Outcomes are values; pacing stays with the core.
 */
export class SlackAdapter implements Adapter {
  readonly platform = "slack";
  readonly profile: AdapterProfile;
  readonly idle: () => Promise<void>;
  private readonly clients: WorkspaceClients;
  private readonly dms: DmChannels;
  private readonly log: Logger;

  constructor(private readonly deps: SlackAdapterDeps) {
    this.profile = { rates: deps.rates, limits: slackLimits, capabilities: slackCapabilities };
    this.idle = deps.idle ?? (() => Promise.resolve());
    this.clients = deps.clients;
    this.dms = deps.dms;
    this.log = deps.log;
  }

  async send(to: Address, core: Reply): Promise<Delivery> {
    const client = this.clients.client(to.workspace);
    if (!client) return notInstalled;
    const reply = this.deps.links.apply(core, to.user);
    const message = renderMessage(reply);
    let channel = to.conversation;
    let ts: string;
    try {
      // The outbox opened the DM first (openDirect). A bare user id still posts to the app's DM with them; Slack
      // answers with that DM's channel, which chat.update needs.
      const posted = await client.chat.postMessage({ channel, ...message });
      channel = posted.channel ?? channel;
      ts = posted.ts ?? "";
    } catch (error) {
      return deliveryFromError(error);
    }
    if (ts) this.deps.shown.remember(channel, ts, surfaceHash(message, reply.attachments));
    if (reply.attachments?.length) {
      try {
        await uploadAttachments(client, channel, reply.attachments);
      } catch (error) {
        // The message itself went out; sending it again to retry the file would repeat it. It shows no invite: a
        // click on it must not be skipped as "already shown".
        if (ts) this.deps.shown.forget(channel, ts);
        const outcome = deliveryFromError(error);
        this.log.warn({ reason: outcome.ok ? "ok" : outcome.reason }, "slack attachment not uploaded");
      }
    }
    return { ok: true, messageId: messageId(channel, ts) };
  }

  /** First contact: the member's DM with the bot, by conversations.open (Tier 3, so remembered). */
  async openDirect(to: { user: string; workspace: string }): Promise<Opened> {
    const client = this.clients.client(to.workspace || undefined);
    if (!client) return notInstalled;
    try {
      const conversation = await this.dms.open(client, to.workspace || undefined, to.user);
      if (conversation) return { ok: true, conversation };
      return { ok: false, reason: "unavailable", retryable: true, detail: "no_channel" };
    } catch (error) {
      const outcome = deliveryFromError(error);
      return outcome.ok ? { ok: false, reason: "unavailable", retryable: true, detail: "no_channel" } : outcome;
    }
  }

  async update(to: Address, id: string, reply: Reply): Promise<Delivery> {
    const client = this.clients.client(to.workspace);
    if (!client) return notInstalled;
    const slash = id.indexOf("/");
    if (slash < 0) return { ok: false, reason: "invalid", retryable: false, detail: "message id is not channel/ts" };
    const channel = id.slice(0, slash);
    const ts = id.slice(slash + 1);
    const { links, shown } = this.deps;
    // An update uploads no files (an invite went with the message); with a public address its link is a button.
    const shownReply = links.apply(reply, to.user);
    const message = renderMessage(shownReply);
    // What the message shows: an update uploads nothing, so its hash names no file.
    const hash = surfaceHash(message);
    try {
      // Unsent when the message already shows this (an announcement's count that did not change, say).
      await shown.replace(channel, ts, hash, () => client.chat.update({ channel, ts, ...message }));
      return { ok: true, messageId: messageId(channel, ts) };
    } catch (error) {
      return deliveryFromError(error);
    }
  }
}
