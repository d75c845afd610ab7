import type { webApi } from "@slack/bolt";

/**
 * The member's DM channel with the bot, by workspace and user id. conversations.open is idempotent but Tier 3
 * (about 50 a minute), so answers are remembered; DM events and clicks in a DM teach the cache for free. The
 * caller passes the workspace's own client: a DM is never opened with another workspace's token.
 */
export class DmChannels {
  private readonly known = new Map<string, string>();

  constructor(private readonly max = 10_000) {}

  remember(workspace: string | undefined, user: string, channel: string): void {
    const key = keyOf(workspace, user);
    this.known.delete(key);
    this.known.set(key, channel);
    if (this.known.size > this.max) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
  }

  async get(client: webApi.WebClient, workspace: string | undefined, user: string): Promise<string> {
    const id = await this.open(client, workspace, user);
    if (!id) throw new Error("conversations.open returned no channel");
    return id;
  }

  /** As `get`, undefined when Slack answered without a channel; Web API failures throw (see errors.ts). */
  async open(client: webApi.WebClient, workspace: string | undefined, user: string): Promise<string | undefined> {
    const key = keyOf(workspace, user);
    const cached = this.known.get(key);
    if (cached) return cached;
    const opened = await client.conversations.open({ users: user });
    const id = opened.channel?.id;
    if (id) this.remember(workspace, user, id);
    return id;
  }

  /** The workspace was uninstalled: its DMs are no longer the bot's. */
  forget(workspace: string): void {
    const prefix = keyOf(workspace, "");
    for (const key of [...this.known.keys()]) if (key.startsWith(prefix)) this.known.delete(key);
  }
}

const keyOf = (workspace: string | undefined, user: string) => `${workspace ?? ""}\u0000${user}`;
