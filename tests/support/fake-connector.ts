import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// A local stand-in for the Bot Framework connector (the serviceUrl Teams gives a bot): records what the bot sends
// and can answer with a scripted failure, as the real one does (429 with Retry-After, 403 MessageWritesBlocked…).

export interface RecordedCall {
  method: string;
  path: string;
  conversationId?: string;
  /** The activity replied to (POST …/activities/{replyToId}) or updated (PUT …/activities/{id}). */
  activityId?: string;
  body: Record<string, unknown>;
  /** The HTTP status the fake answered with. */
  status?: number;
}

export interface ScriptedFailure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export class FakeConnector {
  readonly calls: RecordedCall[] = [];
  /** Failures to answer next, in order (each answers one request). */
  readonly failures: ScriptedFailure[] = [];
  private readonly server: Server;
  private counter = 0;
  url = "";

  constructor() {
    this.server = createServer((req, res) => {
      void this.read(req).then((body) => {
        const failure = this.failures.shift();
        const path = new URL(req.url ?? "/", "http://localhost").pathname;
        const match = /^\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?\/?$/.exec(path);
        const call: RecordedCall = {
          method: req.method ?? "",
          path,
          ...(match?.[1] ? { conversationId: decodeURIComponent(match[1]) } : {}),
          ...(match?.[2] ? { activityId: decodeURIComponent(match[2]) } : {}),
          body,
        };
        this.calls.push(call);
        call.status =
          failure?.status ?? (match && (req.method === "POST" || req.method === "PUT") ? (match[1] ? 200 : 201) : 404);
        res.setHeader("content-type", "application/json");
        if (failure) {
          res.writeHead(failure.status, failure.headers ?? {});
          res.end(JSON.stringify(failure.body ?? { error: { code: "Failure", message: "scripted" } }));
          return;
        }
        if (!match || (req.method !== "POST" && req.method !== "PUT")) {
          res.writeHead(404);
          res.end(JSON.stringify({ error: { code: "NotFound", message: path } }));
          return;
        }
        const id = req.method === "PUT" && match[2] ? match[2] : `${match[1] ? "act" : "conv"}-${++this.counter}`;
        res.writeHead(match[1] ? 200 : 201);
        res.end(JSON.stringify({ id }));
      });
    });
  }

  private async read(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  /** Activities posted to a conversation (successful or not). */
  sentTo(conversationId: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.method === "POST" && c.conversationId === conversationId).map((c) => c.body);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
