import type { RespondFn, webApi } from "@slack/bolt";
import type { Attachment, Reply } from "../../src/contract.js";
import type { Logger } from "../../src/log.js";
import { worthQueueing } from "../../src/services/delivery/failure-kinds.js";
import type { DmChannels } from "./dm-channels.js";
import type { InviteLinks } from "./invite-links.js";
import { renderMessage } from "./render.js";
import { renderModal } from "./render-modal.js";
import { outcomeOf, ReplyFailure, type RetryPolicy, within, withRetry } from "./reply-retry.js";
import { type SurfaceMemory, surfaceHash } from "./surface-memory.js";

// Where the core's answers to a member go: the modal, the message a button sat on, an ephemeral response, the DM.
// Only private surfaces are ever replaced (the member's DM, an ephemeral message, a modal): a click on a message in
// a shared channel is answered with an ephemeral message there, and the shared message itself stays as it is.

export interface Origin {
  user: string;
  /** A channel the bot posts new messages into (a DM event, a button on a bot message in the DM). */
  channel?: string;
  /** The bot message a button sat on, in a private place: replaced when a reply says `replaceSource`. */
  source?: { channel: string; ts: string };
  /** A shared channel the click came from: answers are ephemeral there, only the member sees them. */
  privateIn?: string;
  /** For slash commands and ephemeral messages: answers go to the response_url. */
  respond?: RespondFn;
  /** The click came from an ephemeral message, which `replace_original` can replace. */
  ephemeralSource?: boolean;
  /** One-time trigger that lets a form open as a modal. */
  triggerId?: string;
  /** The click submitted a form shown in the source message: a form in reply (errors) replaces that message. */
  inlineForm?: boolean;
  /** The inbound event's id: names a reply queued in the outbox, so it is queued once. */
  key?: string;
}

export interface Surfaces {
  /** The request's workspace (team, or enterprise of an org-wide install): its DMs, its outbox lane. */
  workspace: string | undefined;
  /** The listener's client, authorized by Bolt with the request's workspace token. */
  client: webApi.WebClient;
  /** views.open only: its own request queue and a timeout inside the trigger's 3 seconds. */
  triggerClient: webApi.WebClient;
  dms: DmChannels;
  /** Calendar invites as link buttons when the bot has a public address (else they are uploaded). */
  links: InviteLinks;
  /** What each bot message shows now: an update that would change nothing is not sent. */
  shown: SurfaceMemory;
  log: Logger;
  /** Queues a reply Slack did not take, for the member's DM (the outbox sends it when Slack is back). */
  queue(user: string, key: string, reply: Reply, afterMs: number): void;
}

/** A reply and its place among the replies to one event (part of its outbox key). */
export interface Pending {
  reply: Reply;
  n: number;
}

export const pending = (replies: Reply[]): Pending[] => replies.map((reply, n) => ({ reply, n }));

/** A trigger id is valid for 3 seconds: one quick second try at most. */
const triggerRetry: RetryPolicy = { attempts: 2, backoffMs: () => 100, maxWaitMs: 200 };
/** response_url posts have no client timeout of their own. */
const respondTimeoutMs = 5000;

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

/**
 * The trigger-bound part: opens the first form as a modal while the trigger is fresh. Returns what is left for
 * deliverReplies (a form that could not open stays in the list and is then shown as a message).
 */
export async function openForm(s: Surfaces, origin: Origin, replies: Pending[]): Promise<Pending[]> {
  const index = origin.triggerId ? replies.findIndex((p) => p.reply.form) : -1;
  const form = replies[index];
  if (!form || !origin.triggerId) return replies;
  const triggerId = origin.triggerId;
  const source = origin.source ? { c: origin.source.channel, t: origin.source.ts } : {};
  try {
    await withRetry(
      () => s.triggerClient.views.open({ trigger_id: triggerId, view: renderModal(form.reply, source) }),
      triggerRetry,
    );
    return replies.filter((_, i) => i !== index);
  } catch (error) {
    s.log.warn({ outcome: describe(error) }, "slack modal not opened; form sent as a message");
    return replies;
  }
}

/** Delivers interactive replies. Failures are retried, queued in the outbox or logged; never thrown into Bolt. */
export async function deliverReplies(s: Surfaces, origin: Origin, replies: Pending[]): Promise<void> {
  const rest = await openForm(s, origin, replies);
  for (const { reply, n } of rest) {
    try {
      await deliverOne(s, origin, reply);
    } catch (error) {
      const outcome = outcomeOf(error);
      if (worthQueueing(outcome) && origin.key) {
        s.queue(origin.user, `${origin.key}:${n}`, reply, error instanceof ReplyFailure ? error.afterMs : 0);
        s.log.warn({ outcome: describe(error) }, "slack reply queued in the outbox");
      } else {
        s.log.warn({ outcome: describe(error) }, "slack reply not delivered");
      }
    }
  }
}

async function deliverOne(s: Surfaces, origin: Origin, core: Reply): Promise<void> {
  const { client, dms, workspace, shown } = s;
  const reply = s.links.apply(core, origin.user);
  const message = renderMessage(reply);
  const files = reply.attachments ?? [];
  // Only replaced and posted messages are remembered: an ephemeral or response_url answer needs no hash.
  let hashed: string | undefined;
  const hash = () => (hashed ??= surfaceHash(message, files));
  let postedIn: string | undefined;
  let postedTs: string | undefined;
  // A form answered with a form (its errors) stays where it was filled in.
  const replace = Boolean(reply.replaceSource || (reply.form && origin.inlineForm));
  const source = origin.source;
  const respond = origin.respond;
  const shared = origin.privateIn;
  if (replace && source) {
    const update = () => withRetry(() => client.chat.update({ channel: source.channel, ts: source.ts, ...message }));
    // The message clicked shows this already (a repeated click), its invite included: nothing to send.
    if (!(await shown.replace(source.channel, source.ts, hash(), update))) return;
    postedIn = source.channel;
  } else if (respond) {
    const replaceOriginal = Boolean(replace && origin.ephemeralSource);
    await withRetry(() =>
      within(respondTimeoutMs, respond({ ...message, response_type: "ephemeral", replace_original: replaceOriginal })),
    );
  } else if (shared) {
    await withRetry(() => client.chat.postEphemeral({ channel: shared, user: origin.user, ...message }));
  } else {
    const channel = origin.channel ?? (await withRetry(() => dms.get(client, workspace, origin.user)));
    const posted = await withRetry(() => client.chat.postMessage({ channel, ...message }));
    postedIn = channel;
    postedTs = posted.ts;
    if (postedTs) shown.remember(channel, postedTs, hash());
  }
  // An invite, uploaded or linked (the reply then differs from the core's).
  if (!files.length && reply === core) return;
  // The confirmation with the invite always lands in the DM, where the member finds it again.
  const dm = await withRetry(() => dms.get(client, workspace, origin.user));
  let dmCopy: string | undefined;
  if (postedIn !== dm) {
    const posted = await withRetry(() => client.chat.postMessage({ channel: dm, ...message }));
    dmCopy = posted.ts;
    if (dmCopy) shown.remember(dm, dmCopy, hash());
  }
  if (!files.length) return;
  try {
    await withRetry(() => uploadAttachments(client, dm, files));
  } catch (error) {
    // The message itself is in the DM; queueing the whole reply again would repeat it. No message that was to carry
    // the invite counts as showing it, so a click on any of them updates it and uploads again.
    if (source) shown.forget(source.channel, source.ts);
    if (dmCopy) shown.forget(dm, dmCopy);
    if (postedIn && postedTs) shown.forget(postedIn, postedTs);
    s.log.warn({ outcome: describe(error) }, "slack attachment not uploaded");
  }
}

/** The outcome for the log: the reason and Slack's error code, never the payload. */
function describe(error: unknown): string {
  const outcome = outcomeOf(error);
  return outcome.reason === "rate_limited" ? "rate_limited" : `${outcome.reason}: ${outcome.detail}`;
}
