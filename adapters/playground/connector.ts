import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, sendJson } from "../http/server.js";

/** An activity as the bot sends it to the connector (only the fields the page needs are named). */
interface BotActivity {
  id: string;
  type: string;
  text?: string;
  replyToId?: string;
  attachments?: { contentType: string; content?: unknown; contentUrl?: string; name?: string }[];
  [key: string]: unknown;
}

export interface ConnectorEvent {
  /** activity, update: the bot's, through the connector; mine, answer: the page's own side, recorded by the page. */
  kind: "activity" | "update" | "mine" | "answer";
  /** The bot spoke on its own (outbox → dispatcher → adapter), not in answer to something the page sent. */
  proactive: boolean;
  conversation: string;
  activity: BotActivity;
}

/** The page's activity ids start with this prefix. */
const pageActivityPrefix = "pg-";

/**
 * A reply in a turn answers the page's activity (replyToId is its id); a proactive send answers botbuilder's own
 * continuation event (a fresh UUID), so it never carries the page's prefix.
 */
function isProactive(activity: BotActivity): boolean {
  return !activity.replyToId?.startsWith(pageActivityPrefix);
}

/**
 * The playground plays the Bot Framework connector: the bot (through the real Teams adapter) posts its replies
 * and proactive messages here, as it would to Teams; the page sees them as server-sent events.
 */
export class PlaygroundConnector {
  private readonly listeners = new Map<string, Set<ServerResponse>>();
  private readonly history = new Map<string, ConnectorEvent[]>();

  /** Routes below the connector's base path: `v3/conversations[/{id}/activities[/{activityId}]]`. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== "v3" || parts[1] !== "conversations") return sendJson(res, 404, { error: "not found" });
    if (parts.length === 2 && req.method === "POST") {
      // createConversation: a personal chat with the member named in the request.
      const body = JSON.parse((await readBody(req)) || "{}") as { members?: { id: string }[] };
      return sendJson(res, 200, { id: `pg-conv-${body.members?.[0]?.id ?? randomUUID()}` });
    }
    const conversation = parts[2];
    if (!conversation || parts[3] !== "activities") return sendJson(res, 404, { error: "not found" });
    const activity = JSON.parse((await readBody(req)) || "{}") as BotActivity;
    if (req.method === "POST") {
      const id = randomUUID();
      this.publish({
        kind: "activity",
        conversation,
        proactive: isProactive(activity),
        activity: { ...activity, id },
      });
      return sendJson(res, 200, { id });
    }
    if (req.method === "PUT" && parts[4]) {
      this.publish({
        kind: "update",
        conversation,
        proactive: isProactive(activity),
        activity: { ...activity, id: parts[4] },
      });
      return sendJson(res, 200, { id: parts[4] });
    }
    if (req.method === "DELETE") return sendJson(res, 200, {});
    return sendJson(res, 405, { error: "method not allowed" });
  }

  /**
   * The page's side of the conversation, so that a reload replays both sides in order: what the member typed
   * ("mine", recorded before it is posted to the bot) and a card an invoke answered in place ("answer").
   */
  async record(req: IncomingMessage, res: ServerResponse, conversation: string): Promise<void> {
    const body = JSON.parse((await readBody(req)) || "{}") as { kind?: string; activity?: BotActivity };
    const { kind, activity } = body;
    if ((kind !== "mine" && kind !== "answer") || typeof activity?.id !== "string" || !conversation) {
      return sendJson(res, 400, { error: "kind mine or answer with an activity id" });
    }
    this.publish({ kind, conversation, proactive: false, activity });
    return sendJson(res, 200, {});
  }

  /** Server-sent events for one conversation; what arrived before the page connected is replayed first. */
  subscribe(conversation: string, res: ServerResponse): void {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    for (const event of this.history.get(conversation) ?? []) res.write(`data: ${JSON.stringify(event)}\n\n`);
    // Tells the page the replay is over (so it, and the browser test, can tell old messages from new ones).
    res.write("event: replayed\ndata: {}\n\n");
    const set = this.listeners.get(conversation) ?? new Set();
    set.add(res);
    this.listeners.set(conversation, set);
    res.on("close", () => set.delete(res));
  }

  events(conversation: string): ConnectorEvent[] {
    return this.history.get(conversation) ?? [];
  }

  private publish(event: ConnectorEvent): void {
    const list = this.history.get(event.conversation) ?? [];
    list.push(event);
    // A playground, not an archive: keep the last few hundred per conversation.
    if (list.length > 300) list.splice(0, list.length - 300);
    this.history.set(event.conversation, list);
    for (const res of this.listeners.get(event.conversation) ?? []) res.write(`data: ${JSON.stringify(event)}\n\n`);
  }
}
