import type { CloudAdapter, ConversationReference, TurnContext } from "botbuilder";
import {
  type Adapter,
  type AdapterProfile,
  type Address,
  commonLimits,
  type Delivery,
  type Opened,
  type PlatformCapabilities,
  type PlatformRates,
  type Reply,
} from "../../src/contract.js";
import { findMember } from "../../src/domain/members.js";
import type { CoreContext } from "../../src/services/context.js";
import { loadReference } from "./conversation-refs.js";
import { FirstContact } from "./directory-first-contact.js";
import type { TeamsDirectory } from "./directory-sync.js";
import { deliveryFromError, sendWithoutId, threadOf } from "./errors.js";
import { type RenderOptions, renderActivity } from "./render.js";

// Proactive messages: the stored conversation reference (it names the conversation's tenant, so the send goes with
// that tenant's service URL and counts in its limits), continueConversationAsync, outcomes as values. A member who
// never wrote is reached by creating the 1:1 chat in their tenant first (openDirect). Every call is one request
// (connector-retries.ts): a 429 goes straight back to the tenant's lane.

/** Cards are updated in place; forms live in the card; files go out as links (calendar and file links). */
const teamsCapabilities: PlatformCapabilities = { updates: true, modals: false, ephemeral: false, files: false };

export class TeamsAdapter implements Adapter {
  readonly platform = "teams";
  readonly profile: AdapterProfile;
  private readonly firstContact: FirstContact;

  constructor(
    private readonly cloud: CloudAdapter,
    private readonly ctx: CoreContext,
    private readonly appId: string,
    private readonly linkFor: RenderOptions["linkFor"],
    /** The connector's rates per tenant and per conversation (config.ts). */
    rates: PlatformRates,
    /** The team rosters' sync (its `idle` lets a stop or a test wait for the one under way). */
    readonly directory: TeamsDirectory,
  ) {
    // Teams documents no per-element caps beneath its ~28 KB a message: cards keep to the common limits, so a
    // long list reads the same as elsewhere.
    this.profile = { rates, limits: commonLimits, capabilities: teamsCapabilities };
    this.firstContact = new FirstContact(cloud, ctx, appId);
  }

  private options(to: Address): RenderOptions {
    const member = to.user ? findMember(this.ctx.db, "teams", to.user) : undefined;
    return { locale: member?.locale ?? this.ctx.config.BOT_LOCALE, linkFor: this.linkFor };
  }

  private async withConversation(to: Address, work: (context: TurnContext) => Promise<string | undefined>) {
    const reference = loadReference(this.ctx.db, to.conversation, to.user);
    if (!reference) {
      return { ok: false, reason: "not_found", retryable: false, detail: "no stored conversation reference" } as const;
    }
    let messageId: string | undefined;
    let failure: unknown;
    try {
      await this.cloud.continueConversationAsync(this.appId, reference as ConversationReference, async (context) => {
        // Caught here, not thrown: CloudAdapter would hand it to onTurnError and the outcome would be lost.
        try {
          messageId = await work(context);
        } catch (error) {
          failure = error ?? new Error("send failed");
        }
      });
    } catch (error) {
      failure = error;
    }
    if (failure !== undefined) return deliveryFromError(failure, threadOf(reference.conversation?.conversationType));
    return messageId ? ({ ok: true, messageId } as const) : sendWithoutId();
  }

  send(to: Address, reply: Reply): Promise<Delivery> {
    const activity = renderActivity(reply, this.options(to));
    return this.withConversation(to, async (context) => (await context.sendActivity(activity))?.id);
  }

  update(to: Address, messageId: string, reply: Reply): Promise<Delivery> {
    const activity = { ...renderActivity(reply, this.options(to)), id: messageId };
    return this.withConversation(to, async (context) => {
      await context.updateActivity(activity);
      return messageId;
    });
  }

  openDirect(to: { user: string; workspace: string }): Promise<Opened> {
    return this.firstContact.open(to);
  }
}
