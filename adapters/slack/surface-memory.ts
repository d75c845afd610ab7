import { createHash } from "node:crypto";
import type { Attachment } from "../../src/contract.js";
import type { MessagePayload } from "./render.js";

// What each bot message in Slack shows now, as a hash of its rendered payload and its files, by channel and ts, so
// that an update that would send the same again (a member clicking the same button twice) is not sent: no Web API
// call that changes nothing. In memory and bounded (the most recent messages): after a restart, or for a message
// pushed out of it, one extra chat.update goes out, which the member cannot tell from none.

/** Enough for an announcement's DMs to a whole association (15,000 GPs) and their clicks; a few MB. */
const defaultSize = 20_000;

/** An invite is named by its session and revision, not its content: that carries the time it was made. */
const fileKey = (a: Attachment) =>
  a.invite
    ? `${a.filename}|${a.invite.sessionId}|${a.invite.revision}|${a.invite.cancelled}`
    : `${a.filename}|${a.content}`;

export function surfaceHash(message: MessagePayload, files: Attachment[] = []): string {
  const hash = createHash("sha256").update(JSON.stringify(message));
  for (const file of files) hash.update(`\n${fileKey(file)}`);
  return hash.digest("base64url");
}

export class SurfaceMemory {
  // A Map keeps insertion order: the first key is the least recently written, evicted first.
  private readonly shown = new Map<string, string>();
  /** Updates under way per message; two at once may land in either order, so neither is remembered. */
  private readonly writing = new Map<string, { count: number; contended: boolean }>();

  constructor(private readonly size = defaultSize) {}

  /**
   * Replaces a message by `send` (chat.update) unless it already shows `hash`; false when nothing was sent. A failed
   * call forgets the message (its state is unknown: the next update goes out).
   */
  async replace(channel: string, ts: string, hash: string, send: () => Promise<unknown>): Promise<boolean> {
    const key = `${channel}/${ts}`;
    if (this.shown.get(key) === hash) return false;
    this.shown.delete(key);
    const writing = this.writing.get(key) ?? { count: 0, contended: false };
    writing.contended ||= writing.count > 0;
    writing.count++;
    this.writing.set(key, writing);
    try {
      await send();
      if (!writing.contended) this.remember(channel, ts, hash);
      return true;
    } finally {
      if (--writing.count === 0) this.writing.delete(key);
    }
  }

  /** A message just posted shows this. */
  remember(channel: string, ts: string, hash: string): void {
    const key = `${channel}/${ts}`;
    this.shown.delete(key);
    this.shown.set(key, hash);
    if (this.shown.size > this.size) this.shown.delete(this.shown.keys().next().value ?? key);
  }

  /** A call whose outcome is partly unknown (an upload after the update failed): the next update goes out. */
  forget(channel: string, ts: string): void {
    this.shown.delete(`${channel}/${ts}`);
  }
}
