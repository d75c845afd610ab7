import type { RespondFn, webApi } from "@slack/bolt";
import type { Attachment, Reply } from "../../src/contract.js";
import type { Logger } from "../../src/log.js";
import type { DmChannels } from "./dm-channels.js";
import { deliveryFromError } from "./errors.js";
import { renderMessage, renderModal } from "./render.js";

// Where the core's answers to a member go: the modal, the message a button sat on, an ephemeral response, the DM.

export interface Origin {
  user: string;
  /** A channel the bot posts new messages into (a DM event, a button on a bot message). */
  channel?: string;
  /** The bot message a button sat on: replaced when a reply says `replaceSource`. */
  source?: { channel: string; ts: string };
  /** For slash commands and ephemeral messages: answers go to the response_url. */
  respond?: RespondFn;
  /** The click came from an ephemeral message, which `replace_original` can replace. */
  ephemeralSource?: boolean;
  /** One-time trigger that lets a form open as a modal. */
  triggerId?: string;
  /** The click submitted a form shown in the source message: a form in reply (errors) replaces that message. */
  inlineForm?: boolean;
}

/** Uploads attachments (the calendar invite) into a channel with the files.uploadV2 flow. */
export async function uploadAttachments(client: webApi.WebClient, channel: string, files: Attachment[]): Promise<void> {
  for (const file of files) {
    await client.files.uploadV2({
      channel_id: channel,
      file: Buffer.from(file.content, "utf8"),
      filename: file.filename,
      title: file.filename,
    });
  }
}

/** Delivers interactive replies. Failures are logged by Slack error code and never thrown into Bolt. */
export async function deliverReplies(
  client: webApi.WebClient,
  dms: DmChannels,
  origin: Origin,
  replies: Reply[],
  log: Logger,
): Promise<void> {
  let triggerId = origin.triggerId;
  for (const reply of replies) {
    try {
      if (reply.form && triggerId) {
        const source = origin.source ? { c: origin.source.channel, t: origin.source.ts } : {};
        await client.views.open({ trigger_id: triggerId, view: renderModal(reply, source) });
        triggerId = undefined;
        continue;
      }
      const message = renderMessage(reply);
      let postedIn: string | undefined;
      // A form answered with a form (its errors) stays where it was filled in.
      const replace = Boolean(reply.replaceSource || (reply.form && origin.inlineForm));
      if (replace && origin.source) {
        await client.chat.update({ channel: origin.source.channel, ts: origin.source.ts, ...message });
        postedIn = origin.source.channel;
      } else if (origin.respond) {
        await origin.respond({
          ...message,
          response_type: "ephemeral",
          replace_original: Boolean(replace && origin.ephemeralSource),
        });
      } else {
        const channel = origin.channel ?? (await dms.get(origin.user));
        await client.chat.postMessage({ channel, ...message });
        postedIn = channel;
      }
      if (reply.attachments?.length) {
        // The confirmation with the invite always lands in the DM, where the member finds it again.
        const dm = await dms.get(origin.user);
        if (postedIn !== dm) await client.chat.postMessage({ channel: dm, ...message });
        await uploadAttachments(client, dm, reply.attachments);
      }
    } catch (error) {
      const outcome = safeOutcome(error);
      log.warn({ outcome }, "slack reply not delivered");
    }
  }
}

function safeOutcome(error: unknown): string {
  try {
    const delivery = deliveryFromError(error);
    return delivery.ok
      ? "ok"
      : delivery.reason === "rate_limited"
        ? "rate_limited"
        : `${delivery.reason}: ${delivery.detail}`;
  } catch {
    return error instanceof Error ? error.name : "unknown";
  }
}
