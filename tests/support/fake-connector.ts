import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { RateLimiter, type RateLimits } from "./rate-limits.js";

// A local stand-in for the Bot Framework connector (the serviceUrl Teams gives a bot): records what the bot sends
// and can answer with a scripted failure, as the real one does (429 with Retry-After, 403 MessageWritesBlocked…).
// Given limits, it enforces them on posted activities (per tenant — one tenant here — and per conversation).

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
  /** Set: every request answers this (e.g. 401 for bad bot credentials) until cleared. */
  refuseAll: ScriptedFailure | undefined;
  private readonly server: Server;
  private counter = 0;
  private readonly limiter: RateLimiter | undefined;
  url = "";

  constructor(limits?: RateLimits) {
    this.limiter = limits && new RateLimiter(limits);
    this.server = createServer((req, res) => {
      void this.read(req).then((body) => {
        const path = new URL(req.url ?? "/", "http://localhost").pathname;
        res.setHeader("content-type", "application/json");
        if (path === "/_stats") {
          res.end(JSON.stringify(this.limiter?.stats() ?? {}));
          return;
        }
        const failure = this.refuseAll ?? this.failures.shift();
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
        const posted = req.method === "POST" && match[1];
        const retryAfter = posted ? this.limiter?.check(match[1] ?? "") : undefined;
        if (retryAfter !== undefined) {
          call.status = 429;
          res.writeHead(429, { "retry-after": String(retryAfter) });
          res.end(JSON.stringify({ error: { code: "TooManyRequests", message: "rate limited" } }));
          return;
        }
        if (posted) this.limiter?.deliveredTo(match[1] ?? "");
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
