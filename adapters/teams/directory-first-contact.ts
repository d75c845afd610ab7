import type { CloudAdapter, ConversationReference } from "botbuilder";
import type { Opened } from "../../src/contract.js";
import { latestRefInWorkspace } from "../../src/domain/conversation-refs.js";
import { findIdentity, rememberDirectConversation } from "../../src/domain/identities.js";
import type { CoreContext } from "../../src/services/context.js";
import { loadReference, saveReference } from "./conversation-refs.js";
import { deliveryFromError } from "./errors.js";

// First contact: the 1:1 chat with a member who never wrote, created in their tenant (POST /v3/conversations,
// as Company Communicator does). The tenant's service URL comes from any conversation the bot has there (the
// team it was added to). botbuilder's connector client retries a 429 here too (see errors.ts): the outbox hears
// rate_limited only when those retries are spent.

/** botbuilder types the audience as a string, and takes its cloud's own scope when none is given. */
const cloudAudience = undefined as unknown as string;

/** How long a tenant's service URL is believed before it is looked up again (it changes with the tenant's region). */
const tenantRouteMs = 10 * 60_000;

interface TenantRoute {
  serviceUrl: string;
  botId: string;
  at: number;
}

export class FirstContact {
  private readonly routes = new Map<string, TenantRoute>();

  constructor(
    private readonly cloud: CloudAdapter,
    private readonly ctx: CoreContext,
    private readonly appId: string,
  ) {}

  /** Where a tenant's conversations are created: looked up once in a while (the lookup scans references). */
  private route(tenant: string): TenantRoute | undefined {
    const now = this.ctx.clock.now();
    const known = this.routes.get(tenant);
    if (known && now - known.at < tenantRouteMs) return known;
    const stored = latestRefInWorkspace(this.ctx.db, "teams", tenant);
    const reference = stored ? (JSON.parse(stored) as Partial<ConversationReference>) : undefined;
    if (!reference?.serviceUrl) return undefined;
    const route = { serviceUrl: reference.serviceUrl, botId: reference.bot?.id || `28:${this.appId}`, at: now };
    this.routes.set(tenant, route);
    return route;
  }

  async open(to: { user: string; workspace: string }): Promise<Opened> {
    const { db, clock } = this.ctx;
    // Opened before (or they wrote): the stored chat, with no call.
    const known = findIdentity(db, "teams", to.user)?.dmConversation;
    if (known && loadReference(db, known)) return { ok: true, conversation: known };
    const route = this.route(to.workspace);
    if (!route) {
      return {
        ok: false,
        reason: "not_found",
        retryable: false,
        detail: "no conversation in the tenant to reach it by",
      };
    }
    let conversation: string | undefined;
    try {
      await this.cloud.createConversationAsync(
        this.appId,
        "msteams",
        route.serviceUrl,
        cloudAudience,
        {
          isGroup: false,
          bot: { id: route.botId, name: "" },
          members: [{ id: to.user, name: "" }],
          tenantId: to.workspace,
          channelData: { tenant: { id: to.workspace } },
        },
        async (context) => {
          conversation = context.activity.conversation?.id;
        },
      );
    } catch (error) {
      const outcome = deliveryFromError(error);
      return outcome.ok ? { ok: false, reason: "invalid", retryable: false, detail: "unexpected" } : outcome;
    }
    if (!conversation) {
      return { ok: false, reason: "invalid", retryable: false, detail: "connector answered without a conversation id" };
    }
    const reference: Partial<ConversationReference> = {
      channelId: "msteams",
      serviceUrl: route.serviceUrl,
      conversation: {
        id: conversation,
        conversationType: "personal",
        tenantId: to.workspace,
        isGroup: false,
        name: "",
      },
      bot: { id: route.botId, name: "" },
      user: { id: to.user, name: "" },
    };
    saveReference(db, reference, to.user, clock.now());
    rememberDirectConversation(db, "teams", to.user, conversation);
    return { ok: true, conversation };
  }
}
