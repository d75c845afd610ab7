import type { CloudAdapter, ConversationReference } from "botbuilder";
import type { Opened } from "../../src/contract.js";
import { latestRefInWorkspace } from "../../src/domain/conversation-refs.js";
import { findIdentity, rememberDirectConversation } from "../../src/domain/identities.js";
import type { CoreContext } from "../../src/services/context.js";
import { loadReference, saveReference } from "./conversation-refs.js";
import { deliveryFromError } from "./errors.js";

// First contact: the 1:1 chat with a member who never wrote, created in their tenant (POST /v3/conversations,
// as Company Communicator does). The tenant's service URL comes from the latest conversation the bot has in that
// tenant (the team it was added to, a member's chat): an index hit on conversation_refs.workspace, so it is read
// fresh each time and follows a tenant whose region (service URL) changed. One request: a 429 goes straight to the
// tenant's lane (connector-retries.ts), as the tenant's limit (errors.ts rateLimitScope).

/** botbuilder types the audience as a string, and takes its cloud's own scope when none is given. */
const cloudAudience = undefined as unknown as string;

interface TenantRoute {
  serviceUrl: string;
  botId: string;
}

export class FirstContact {
  constructor(
    private readonly cloud: CloudAdapter,
    private readonly ctx: CoreContext,
    private readonly appId: string,
  ) {}

  /** Where the tenant's conversations are created: its latest reference's service URL and bot. */
  private route(tenant: string): TenantRoute | undefined {
    if (!tenant) return undefined;
    const stored = latestRefInWorkspace(this.ctx.db, "teams", tenant);
    const reference = stored ? (JSON.parse(stored) as Partial<ConversationReference>) : undefined;
    if (!reference?.serviceUrl) return undefined;
    return { serviceUrl: reference.serviceUrl, botId: reference.bot?.id || `28:${this.appId}` };
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
      const outcome = deliveryFromError(error, "create");
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
