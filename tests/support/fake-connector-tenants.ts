import { type LimitStats, RateLimiter, type RateLimits, type RateWindowLimit, sumStats } from "./rate-limits.js";

// The tenants of the fake Bot Framework connector: Teams' limits hold per tenant (the app's requests per second in
// a tenant) and per conversation (per bot per thread: 7/s, 8 per 2 s, 60 per 30 s, 1,800 an hour), so each tenant
// has its own limiter. A tenant can refuse the bot (401 for everything: its admin blocked the app, or the
// registration does not reach it) or be under load (429 until a moment). The tenant of a request is what it says
// (the activity's conversation.tenantId, a new conversation's tenantId or channelData.tenant.id), else what the fake
// learned of the conversation earlier, else the default tenant.

/** The tenant of requests that name none and go to a conversation the fake never saw in a tenant. */
const defaultTenant = "tenant-1";

/** Teams' longer per-conversation windows, beside the 7/s (Microsoft's "Rate limiting for bots", per bot per thread). */
const teamsConversationWindows: RateWindowLimit[] = [
  { limit: 8, perMs: 2_000 },
  { limit: 60, perMs: 30_000 },
  { limit: 1_800, perMs: 3_600_000 },
];

export interface TenantFailure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FakeTenant {
  id: string;
  limiter?: RateLimiter;
  /** Every request in this tenant answers this (e.g. 401) until cleared. */
  refusal?: TenantFailure;
  /** Until this moment (ms) every rate-limited request in the tenant answers 429. */
  limitedUntil?: number;
  /** Requests answered with the refusal. */
  refused: number;
}

/** What the fake answers a request over a tenant's limits: 429 with these seconds of Retry-After. */
export interface TooMany {
  retryAfterSeconds: number;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value ? value : undefined;
}

/** The tenant a request body names: an activity's conversation, a new conversation's tenantId or channel data. */
function tenantNamedIn(body: Record<string, unknown>): string | undefined {
  const conversation = body.conversation as { tenantId?: unknown } | undefined;
  const channelData = body.channelData as { tenant?: { id?: unknown } } | undefined;
  return text(conversation?.tenantId) ?? text(body.tenantId) ?? text(channelData?.tenant?.id);
}

export class FakeConnectorTenants {
  private readonly tenants = new Map<string, FakeTenant>();
  /** Conversation (or team) id → the tenant it was seen in. */
  private readonly conversations = new Map<string, string>();
  private readonly limits: RateLimits | undefined;

  constructor(limits?: RateLimits) {
    // The connector is Teams': its longer windows hold unless the limits say otherwise.
    this.limits = limits && { conversationWindows: teamsConversationWindows, ...limits };
  }

  /** The tenant's record (made on first use). */
  tenant(id: string): FakeTenant {
    let tenant = this.tenants.get(id);
    if (!tenant) {
      tenant = { id, refused: 0, ...(this.limits ? { limiter: new RateLimiter(this.limits) } : {}) };
      this.tenants.set(id, tenant);
    }
    return tenant;
  }

  /** Remembers that a conversation (or team) is in a tenant. */
  learn(conversation: string, tenant: string): void {
    this.conversations.set(conversation, tenant);
  }

  /** The tenant of a request: named in its body, else learned for its conversation, else the default. */
  resolve(conversation: string | undefined, body: Record<string, unknown>): FakeTenant {
    const named = tenantNamedIn(body);
    if (named && conversation) this.learn(conversation, named);
    return this.tenant(named ?? (conversation && this.conversations.get(conversation)) ?? defaultTenant);
  }

  /** Every request in the tenant answers `failure` (undefined: accepted again). */
  refuse(id: string, failure: TenantFailure | undefined): void {
    const tenant = this.tenant(id);
    if (failure) tenant.refusal = failure;
    else delete tenant.refusal;
  }

  /** Every rate-limited request in the tenant answers 429 until `until` (ms since the epoch). */
  limitUntil(id: string, until: number): void {
    this.tenant(id).limitedUntil = until;
  }

  /** Counts a rate-limited request against the tenant; the 429 to answer, or undefined when it may go. */
  check(tenant: FakeTenant, conversation: string, now = Date.now()): TooMany | undefined {
    if (tenant.limitedUntil !== undefined && now < tenant.limitedUntil) {
      tenant.limiter?.refused();
      return { retryAfterSeconds: Math.max(1, Math.ceil((tenant.limitedUntil - now) / 1000)) };
    }
    const retryAfterSeconds = tenant.limiter?.check(conversation, now);
    return retryAfterSeconds === undefined ? undefined : { retryAfterSeconds };
  }

  deliveredTo(tenant: FakeTenant, conversation: string): void {
    tenant.limiter?.deliveredTo(`${tenant.id}/${conversation}`);
  }

  /** Per tenant: what its limiter counted, and how many requests its refusal answered. */
  stats(): Record<string, LimitStats & { refused: number }> {
    const all: Record<string, LimitStats & { refused: number }> = {};
    for (const t of this.tenants.values()) if (t.limiter) all[t.id] = { ...t.limiter.stats(), refused: t.refused };
    return all;
  }

  /** All tenants together (what a single-tenant benchmark reads); undefined without limits. */
  total(): LimitStats | undefined {
    if (!this.limits) return undefined;
    return sumStats([...this.tenants.values()].flatMap((t) => (t.limiter ? [t.limiter.stats()] : [])));
  }
}
