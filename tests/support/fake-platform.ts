import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// A local stand-in for a chat platform's message API: enforces a platform-wide and a per-conversation rate over
// sliding one-second windows (429 with Retry-After beyond them), can refuse blocked users (403) and fail flaky
// conversations (503), and counts what each conversation received.

export interface FakePlatformOptions {
  ratePerSecond: number;
  conversationRatePerSecond: number;
  retryAfterSeconds?: number;
  /** Conversations that answer 403 (the user blocked the bot). */
  blocked?: string[];
  /** Conversations that answer 503 this many times before accepting. */
  flaky?: Record<string, number>;
  /** Conversations that answer 400. */
  invalid?: string[];
}

export class Window {
  private readonly arrivals: number[] = [];
  private head = 0;
  constructor(
    private readonly limit: number,
    /** The window's length: one second unless told (Teams also counts per 2 s, 30 s and an hour). */
    private readonly perMs = 1000,
  ) {}
  /** Admits an arrival unless the last `perMs` already hold `limit`. */
  admit(now: number): boolean {
    if (this.full(now)) return false;
    this.record(now);
    return true;
  }
  /** Whether the window holds `limit` arrivals already (nothing recorded). */
  full(now: number): boolean {
    // A moving head, not shift(): an hour's window holds thousands of arrivals.
    while (this.head < this.arrivals.length && (this.arrivals[this.head] ?? 0) <= now - this.perMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.arrivals.length) {
      this.arrivals.splice(0, this.head);
      this.head = 0;
    }
    return this.arrivals.length - this.head >= this.limit;
  }
  record(now: number): void {
    this.arrivals.push(now);
  }
}

export class FakePlatform {
  /** Messages accepted, per conversation. */
  readonly received = new Map<string, number>();
  /** Latest text of each message id (updates replace it). */
  readonly messages = new Map<string, { conversation: string; text: string; updates: number }>();
  requests = 0;
  tooMany = 0;
  private readonly server: Server;
  private readonly platformWindow: Window;
  private readonly conversationWindows = new Map<string, Window>();
  private readonly flaky: Map<string, number>;
  private counter = 0;
  url = "";

  constructor(private readonly options: FakePlatformOptions) {
    this.platformWindow = new Window(options.ratePerSecond);
    this.flaky = new Map(Object.entries(options.flaky ?? {}));
    this.server = createServer((req, res) => {
      void readJson(req).then((body) => {
        const { status, json, retryAfter } = this.handle(req.url ?? "", body);
        res.writeHead(status, {
          "content-type": "application/json",
          ...(retryAfter ? { "retry-after": String(retryAfter) } : {}),
        });
        res.end(JSON.stringify(json));
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  get delivered(): number {
    let total = 0;
    for (const n of this.received.values()) total += n;
    return total;
  }

  private handle(path: string, body: Record<string, string>): { status: number; json: unknown; retryAfter?: number } {
    this.requests++;
    const conversation = body.conversation ?? "";
    const now = Date.now();
    let window = this.conversationWindows.get(conversation);
    if (!window) {
      window = new Window(this.options.conversationRatePerSecond);
      this.conversationWindows.set(conversation, window);
    }
    if (!this.platformWindow.admit(now) || !window.admit(now)) {
      this.tooMany++;
      return {
        status: 429,
        json: { ok: false, error: "ratelimited" },
        retryAfter: this.options.retryAfterSeconds ?? 1,
      };
    }
    if (this.options.blocked?.includes(conversation)) return { status: 403, json: { error: "bot blocked" } };
    if (this.options.invalid?.includes(conversation)) return { status: 400, json: { error: "invalid blocks" } };
    const failuresLeft = this.flaky.get(conversation) ?? 0;
    if (failuresLeft > 0) {
      this.flaky.set(conversation, failuresLeft - 1);
      return { status: 503, json: { error: "service unavailable" } };
    }
    if (path === "/update") {
      const message = this.messages.get(body.messageId ?? "");
      if (!message) return { status: 404, json: { error: "message_not_found" } };
      message.text = body.text ?? "";
      message.updates++;
      return { status: 200, json: { ok: true, id: body.messageId } };
    }
    const id = `msg-${++this.counter}`;
    this.received.set(conversation, (this.received.get(conversation) ?? 0) + 1);
    this.messages.set(id, { conversation, text: body.text ?? "", updates: 0 });
    return { status: 200, json: { ok: true, id } };
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, string>;
  } catch {
    return {};
  }
}
