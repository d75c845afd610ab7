import type { webApi } from "@slack/bolt";

/**
 * The member's DM channel with the bot, by user id. conversations.open is idempotent but Tier 3 (about 50 a
 * minute), so answers are remembered; DM events and clicks in a DM teach the cache for free.
 */
export class DmChannels {
  private readonly known = new Map<string, string>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly max = 10_000,
  ) {}

  remember(user: string, channel: string): void {
    this.known.delete(user);
    this.known.set(user, channel);
    if (this.known.size > this.max) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
  }

  async get(user: string): Promise<string> {
    const id = await this.open(user);
    if (!id) throw new Error("conversations.open returned no channel");
    return id;
  }

  /** As `get`, undefined when Slack answered without a channel; Web API failures throw (see errors.ts). */
  async open(user: string): Promise<string | undefined> {
    const cached = this.known.get(user);
    if (cached) return cached;
    const opened = await this.client.conversations.open({ users: user });
    const id = opened.channel?.id;
    if (id) this.remember(user, id);
    return id;
  }
}
