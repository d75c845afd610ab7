import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { FakeSlackDirectory } from "./fake-slack-users.js";
import { FakeSlackWorkspaces } from "./fake-slack-workspaces.js";
import type { RateLimits } from "./rate-limits.js";

// A local stand-in for Slack's Web API (https://api.slack.com/web): records every call, answers like Slack,
// and can be told to fail the next call of a method with a Slack error or an HTTP 429 with Retry-After.
// Given limits, it enforces them on chat.postMessage (workspace-wide and per channel) as Slack does, per workspace.
// Its `workspaces` hold the installs (a bot token each) and answer oauth.v2.access (fake-slack-workspaces.ts).
// Its `directory` answers users.list (paged) and users.info, under Tier 2 when told (fake-slack-users.ts).
// It also takes response_url posts and file uploads, and hands out a ws:// URL for Socket Mode.

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  token?: string;
  /** What the fake answered (ok: true answers only). */
  result?: Record<string, unknown>;
}

/** `html`: a 200 whose body is not JSON (a proxy's error page). */
type Failure = { error: string } | { status: 429; retryAfter: number } | { status: number } | { html: string };

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly responses: { id: string; body: Record<string, unknown> }[] = [];
  readonly uploads: { id: string; content: string }[] = [];
  private readonly failures = new Map<string, Failure[]>();
  private readonly held = new Map<string, Promise<void>>();
  /** Set: every Web API call answers this error (a revoked token) until `restoreToken()`. */
  private refusal: string | undefined;
  private readonly server: Server;
  private wss?: WebSocketServer;
  private sockets: WebSocket[] = [];
  private counter = 0;
  /** The installs: a bot token per workspace, its limits, OAuth codes. */
  readonly workspaces: FakeSlackWorkspaces;
  /** The workspace's accounts and the users.* limits. */
  readonly directory = new FakeSlackDirectory();
  url = "";

  constructor(limits?: RateLimits) {
    this.workspaces = new FakeSlackWorkspaces(limits);
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A response_url pointing back at this fake. */
  responseUrl(id = `r${++this.counter}`): string {
    return `${this.url}/respond/${id}`;
  }

  /** The next call(s) of `method` fail as given, in order. */
  fail(method: string, ...failures: Failure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  /**
   * From now on every Web API call answers `error` (`token_revoked`, `invalid_auth`…), as after a revocation; with
   * `teamId`, only calls with that workspace's token.
   */
  revokeToken(error = "token_revoked", teamId?: string): void {
    const workspace = teamId === undefined ? undefined : this.workspaces.team(teamId);
    if (workspace) workspace.refusal = error;
    else this.refusal = error;
  }

  restoreToken(): void {
    this.refusal = undefined;
  }

  /** Calls of `method` (or "respond" for response_url posts) wait until the returned function is called. */
  hold(method: string): () => void {
    let release = () => {};
    this.held.set(method, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.held.delete(method);
      release();
    };
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits until `predicate` holds on the recorded calls (handlers keep working after their ack). */
  async waitFor<T>(probe: () => T | undefined | false, timeoutMs = 3000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = probe();
      if (found) return found;
      if (Date.now() > until) throw new Error("fake Slack: timed out waiting");
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Socket Mode: a local WebSocket server; apps.connections.open hands out its URL. */
  async enableSocketMode(): Promise<void> {
    this.wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise<void>((resolve) => this.wss?.once("listening", resolve));
    this.wss.on("connection", (socket) => {
      this.sockets.push(socket);
      socket.send(JSON.stringify({ type: "hello", num_connections: 1, debug_info: { host: "fake" } }));
    });
  }

  /** Sends an envelope to the connected Socket Mode client and resolves with its ack. */
  async sendEnvelope(type: string, payload: unknown): Promise<{ envelope_id: string; payload?: unknown }> {
    const socket = await this.waitFor(() => this.sockets.find((s) => s.readyState === s.OPEN));
    const envelopeId = `env-${++this.counter}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no ack")), 3000);
      const onMessage = (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { envelope_id?: string; payload?: unknown };
        if (message.envelope_id !== envelopeId) return;
        clearTimeout(timer);
        socket.off("message", onMessage);
        resolve({ envelope_id: envelopeId, ...(message.payload ? { payload: message.payload } : {}) });
      };
      socket.on("message", onMessage);
      socket.send(
        JSON.stringify({
          envelope_id: envelopeId,
          type,
          payload,
          accepts_response_payload: type !== "events_api",
          retry_attempt: 0,
          retry_reason: "",
        }),
      );
    });
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const path = new URL(req.url ?? "/", this.url).pathname;
    if (path.startsWith("/respond/")) {
      await this.held.get("respond");
      this.responses.push({ id: path.slice("/respond/".length), body: JSON.parse(raw || "{}") });
      return send(res, 200, "ok", "text/plain");
    }
    if (path.startsWith("/upload/")) {
      this.uploads.push({ id: path.slice("/upload/".length), content: raw });
      return send(res, 200, "OK - 1", "text/plain");
    }
    if (path === "/_count") {
      // For a fake running in another process (the benchmark): how many calls of a method it has seen.
      const method = new URL(req.url ?? "/", this.url).searchParams.get("method") ?? "";
      return send(res, 200, String(this.callsTo(method).length), "text/plain");
    }
    if (path === "/_stats") {
      const methods: Record<string, number> = {};
      for (const call of this.calls) methods[call.method] = (methods[call.method] ?? 0) + 1;
      return sendJson(res, 200, {
        methods,
        ...this.workspaces.total(),
        workspaces: this.workspaces.stats(),
        directory: this.directory.stats(),
      });
    }
    if (!path.startsWith("/api/")) return send(res, 404, "not found", "text/plain");
    const method = path.slice("/api/".length);
    const params = parseParams(raw, req.headers["content-type"] ?? "");
    const auth = req.headers.authorization;
    const call: RecordedCall = { method, params, ...(auth ? { token: auth.replace(/^Bearer /, "") } : {}) };
    this.calls.push(call);

    await this.held.get(method);
    if (method === "oauth.v2.access") return sendJson(res, 200, this.workspaces.oauthAccess(params, auth));
    if (method === "chat.postMessage") {
      const retryAfter = this.workspaces.check(call.token, String(params.channel));
      if (retryAfter !== undefined) {
        return sendJson(res, 429, { ok: false, error: "ratelimited" }, { "retry-after": String(retryAfter) });
      }
    }
    if (method.startsWith("users.")) {
      const retryAfter = this.directory.admit(method);
      if (retryAfter !== undefined) {
        return sendJson(res, 429, { ok: false, error: "ratelimited" }, { "retry-after": String(retryAfter) });
      }
    }
    const refusal = this.refusal ?? this.workspaces.of(call.token).refusal;
    if (refusal) return sendJson(res, 200, { ok: false, error: refusal });
    const failure = this.failures.get(method)?.shift();
    if (failure && "html" in failure) return send(res, 200, failure.html, "text/html; charset=utf-8");
    if (failure && "error" in failure) return sendJson(res, 200, { ok: false, error: failure.error });
    if (failure) {
      const headers: Record<string, string> =
        "retryAfter" in failure ? { "retry-after": String(failure.retryAfter) } : {};
      return sendJson(
        res,
        failure.status,
        { ok: false, error: failure.status === 429 ? "ratelimited" : "fatal_error" },
        headers,
      );
    }
    call.result = { ok: true, ...this.answer(method, params, call.token) };
    if (method === "chat.postMessage") this.workspaces.deliveredTo(call.token, String(params.channel));
    sendJson(res, 200, call.result);
  }

  private answer(method: string, params: Record<string, unknown>, token?: string): Record<string, unknown> {
    const n = ++this.counter;
    switch (method) {
      case "auth.test":
        return this.workspaces.authTest(token);
      case "chat.postMessage":
        return {
          channel: params.channel,
          ts: `1700000000.${String(n).padStart(6, "0")}`,
          message: { text: params.text },
        };
      case "chat.update":
        return { channel: params.channel, ts: params.ts };
      case "conversations.open":
        return { channel: { id: `D${String(params.users)}` } };
      case "views.open":
      case "views.publish":
      case "views.update":
        return { view: { id: `V${n}`, hash: `h${n}` } };
      case "files.getUploadURLExternal":
        return { upload_url: `${this.url}/upload/F${n}`, file_id: `F${n}` };
      case "files.completeUploadExternal":
        return { files: (JSON.parse(String(params.files ?? "[]")) as { id: string }[]).map((f) => ({ id: f.id })) };
      case "users.list":
      case "users.info":
        return this.directory.answer(method, params);
      case "apps.connections.open":
        return { url: `ws://127.0.0.1:${(this.wss?.address() as AddressInfo | undefined)?.port ?? 0}/` };
      default:
        return {};
    }
  }
}

function parseParams(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes("application/json")) return JSON.parse(raw || "{}") as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // The Web API client sends objects (blocks, views) as JSON strings inside the form.
    params[key] = /^[[{]/.test(value) && key !== "files" ? safeJson(value) : value;
  }
  return params;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function send(res: ServerResponse, status: number, body: string, type: string): void {
  res.writeHead(status, { "content-type": type });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}
