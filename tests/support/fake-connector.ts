import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeConnectorTenants, type FakeTenant, type TenantFailure } from "./fake-connector-tenants.js";
import { offsetOf, pageToken, type RosterMember } from "./fake-roster.js";
import type { RateLimits } from "./rate-limits.js";

// A local stand-in for the Bot Framework connector (the serviceUrl Teams gives a bot): records what the bot sends
// and can answer with a scripted failure, as the real one does (429 with Retry-After, 403 MessageWritesBlocked…).
// Given limits, it enforces them on every call, per tenant and per conversation (fake-connector-tenants.ts); a
// tenant can refuse the bot or be limited for a while. It also serves team rosters (the paged members route, one
// member) and creates 1:1 conversations (first contact). POST /_tenants/<id> sets a tenant's refusal or limit from
// another process (the benchmark): { refuse?: TenantFailure | null, limitedUntil?: ms }.

export interface RecordedCall {
  method: string;
  path: string;
  conversationId?: string;
  /** The activity replied to (POST …/activities/{replyToId}) or updated (PUT …/activities/{id}). */
  activityId?: string;
  /** The query string's parameters (the paged members route's pageSize and continuationToken). */
  query?: Record<string, string>;
  body: Record<string, unknown>;
  /** The HTTP status the fake answered with. */
  status?: number;
  /** The tenant the request counted in. */
  tenant?: string;
}

export interface ScriptedFailure {
  /** Answers only a request whose `METHOD /path?query` this matches (any request when unset). */
  match?: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

interface Answer {
  status: number;
  body: unknown;
  /** The conversation whose per-conversation rate the call counts against; undefined: not rate limited. */
  limitedAs?: string;
  /** A message delivered (counted by the limiter's statistics). */
  delivered?: string;
}

const notFound = (code: string, message: string): Answer => ({ status: 404, body: { error: { code, message } } });

export class FakeConnector {
  readonly calls: RecordedCall[] = [];
  /** Failures to answer next, in order (each answers one request). */
  readonly failures: ScriptedFailure[] = [];
  /** Set: every request answers this (e.g. 401 for bad bot credentials) until cleared. */
  refuseAll: ScriptedFailure | undefined;
  /** Team id → its members, as the paged members route lists them. */
  readonly rosters = new Map<string, RosterMember[]>();
  /** The largest page the roster route answers with, whatever the bot asks (Teams: 500). */
  maxPageSize = 500;
  /** 1:1 conversations created, per member: Teams answers the same chat when asked again. */
  readonly created = new Map<string, { id: string; tenantId: unknown }>();
  private readonly server: Server;
  /** Each tenant's limits, refusal and counts. */
  readonly tenants: FakeConnectorTenants;
  private counter = 0;
  url = "";

  constructor(limits?: RateLimits) {
    this.tenants = new FakeConnectorTenants(limits);
    this.server = createServer((req, res) => {
      void this.read(req).then((body) => this.handle(req, body, res));
    });
  }

  private handle(req: IncomingMessage, body: Record<string, unknown>, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    res.setHeader("content-type", "application/json");
    if (path === "/_stats") {
      const rosterReads = this.calls.filter((c) => c.method === "GET" && c.path.endsWith("/pagedmembers")).length;
      const stats = { ...this.tenants.total(), tenants: this.tenants.stats() };
      res.end(JSON.stringify({ ...stats, created: this.created.size, rosterReads }));
      return;
    }
    const method = req.method ?? "";
    const control = /^\/_tenants\/([^/]+)$/.exec(path);
    if (control?.[1] && method === "POST") {
      this.control(decodeURIComponent(control[1]), body);
      res.end("{}");
      return;
    }
    const segments = /^\/v3\/conversations(?:\/([^/]+)(?:\/([^/]+)(?:\/([^/]+))?)?)?\/?$/.exec(path);
    const [conversation, route, item] = (segments?.slice(1) ?? []).map((s) => (s ? decodeURIComponent(s) : undefined));
    const call: RecordedCall = {
      method,
      path,
      ...(conversation ? { conversationId: conversation } : {}),
      ...(route === "activities" && item ? { activityId: item } : {}),
      ...(url.search ? { query: Object.fromEntries(url.searchParams) } : {}),
      body,
    };
    this.calls.push(call);
    const tenant = this.tenantOf(method, conversation, body);
    call.tenant = tenant.id;
    if (tenant.refusal && !this.refuseAll) tenant.refused++;
    const failure = this.refuseAll ?? tenant.refusal ?? this.nextFailure(`${method} ${path}${url.search}`);
    const answer: Answer = failure
      ? { status: failure.status, body: failure.body ?? { error: { code: "Failure", message: "scripted" } } }
      : segments
        ? this.route(method, conversation, route, item, body, url.searchParams, tenant)
        : notFound("NotFound", path);
    const tooMany =
      !failure && answer.limitedAs !== undefined ? this.tenants.check(tenant, answer.limitedAs) : undefined;
    if (tooMany) {
      call.status = 429;
      res.writeHead(429, { "retry-after": String(tooMany.retryAfterSeconds) });
      res.end(JSON.stringify({ error: { code: "TooManyRequests", message: "rate limited" } }));
      return;
    }
    if (answer.delivered !== undefined) this.tenants.deliveredTo(tenant, answer.delivered);
    call.status = answer.status;
    res.writeHead(answer.status, failure?.headers ?? {});
    res.end(JSON.stringify(answer.body));
  }

  /**
   * The tenant a request counts in: the one its body names, a team roster's, else the one learned for its
   * conversation (from an earlier activity or the conversation's creation), else the default.
   */
  private tenantOf(method: string, conversation: string | undefined, body: Record<string, unknown>): FakeTenant {
    const rosterTenant = method === "GET" && conversation ? this.rosters.get(conversation)?.[0]?.tenantId : undefined;
    return this.tenants.resolve(conversation, rosterTenant ? { tenantId: rosterTenant } : body);
  }

  /** Every request in the tenant answers `failure` (e.g. 401) until called again with undefined. */
  refuseTenant(tenantId: string, failure: TenantFailure | undefined): void {
    this.tenants.refuse(tenantId, failure);
  }

  /** Every rate-limited request in the tenant answers 429 (Retry-After: the seconds left) until `until` (ms). */
  limitTenantUntil(tenantId: string, until: number): void {
    this.tenants.limitUntil(tenantId, until);
  }

  private control(tenantId: string, body: Record<string, unknown>): void {
    if ("refuse" in body) this.refuseTenant(tenantId, (body.refuse ?? undefined) as TenantFailure | undefined);
    if (typeof body.limitedUntil === "number") this.limitTenantUntil(tenantId, body.limitedUntil);
  }

  /** The first scripted failure for this request, taken off the list. */
  private nextFailure(request: string): ScriptedFailure | undefined {
    const index = this.failures.findIndex((f) => !f.match || f.match.test(request));
    return index < 0 ? undefined : this.failures.splice(index, 1)[0];
  }

  private route(
    method: string,
    conversation: string | undefined,
    route: string | undefined,
    item: string | undefined,
    body: Record<string, unknown>,
    query: URLSearchParams,
    tenant: FakeTenant,
  ): Answer {
    if (!conversation) {
      return method === "POST" ? this.createConversation(body, tenant) : notFound("NotFound", "conversations");
    }
    if (route === "activities" && (method === "POST" || method === "PUT")) {
      const id = method === "PUT" && item ? item : `act-${++this.counter}`;
      // Updates count against the conversation's limits as sends do; only a send is a message delivered.
      return method === "POST"
        ? { status: 200, body: { id }, limitedAs: conversation, delivered: conversation }
        : { status: 200, body: { id }, limitedAs: conversation };
    }
    if (route === "pagedmembers" && method === "GET") return this.pagedMembers(conversation, query);
    if (route === "members" && item && method === "GET") {
      const member = this.rosters.get(conversation)?.find((m) => m.id === item);
      if (!member) return notFound("MemberNotFoundInConversation", "member not found");
      return { status: 200, body: member, limitedAs: conversation };
    }
    return notFound("NotFound", route ?? "");
  }

  /** POST /v3/conversations: a 1:1 chat with the one member named (the same chat when it exists). */
  private createConversation(body: Record<string, unknown>, tenant: FakeTenant): Answer {
    const members = body.members as { id?: unknown }[] | undefined;
    const member = members?.[0]?.id;
    if (body.isGroup !== false || members?.length !== 1 || typeof member !== "string" || !body.tenantId) {
      return { status: 400, body: { error: { code: "BadArgument", message: "one member and a tenant" } } };
    }
    const known = this.created.get(member);
    const id = known?.id ?? `a:1:1-${member}`;
    if (!known) this.created.set(member, { id, tenantId: body.tenantId });
    // Later sends into the chat may name no tenant: they count in the one it was created in.
    this.tenants.learn(id, tenant.id);
    return { status: 201, body: { id }, limitedAs: `create:${member}` };
  }

  private pagedMembers(team: string, query: URLSearchParams): Answer {
    const roster = this.rosters.get(team);
    if (!roster) return notFound("ConversationNotFound", "no such team");
    const offset = offsetOf(team, query.get("continuationToken"));
    if (offset === undefined) return { status: 400, body: { error: { code: "BadArgument", message: "token" } } };
    // As Teams: fewer than 50 counts as 50, more than the largest page as the largest.
    const size = Math.min(Math.max(Number(query.get("pageSize")) || 200, 50), this.maxPageSize);
    const members = roster.slice(offset, offset + size);
    const next = offset + size < roster.length ? pageToken(team, offset + size) : undefined;
    return { status: 200, body: { members, ...(next ? { continuationToken: next } : {}) }, limitedAs: team };
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

  /** Requests to a team's paged members route. */
  rosterReads(team: string): RecordedCall[] {
    return this.calls.filter(
      (c) => c.method === "GET" && c.conversationId === team && c.path.endsWith("/pagedmembers"),
    );
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
