import type { AdaptiveCard } from "../../adapters/teams/card-types.js";

// Activities shaped as Teams sends them to a bot, posted to /api/messages.

export const botId = "28:spreekuur-bot";
export const tenantId = "tenant-1";
let sequence = 0;

export class TeamsUser {
  constructor(
    private readonly botUrl: string,
    private readonly serviceUrl: string,
    readonly userId: string,
    readonly conversationId = `a:personal-${userId}`,
    private readonly locale = "nl-NL",
    /** The Microsoft 365 tenant the member's activities come from. */
    readonly tenant = tenantId,
  ) {}

  private base(type: string): Record<string, unknown> {
    return {
      type,
      id: `f:${Date.now()}-${++sequence}`,
      timestamp: new Date().toISOString(),
      channelId: "msteams",
      serviceUrl: this.serviceUrl,
      from: { id: this.userId, aadObjectId: `aad-${this.userId}`, name: "" },
      conversation: { conversationType: "personal", tenantId: this.tenant, id: this.conversationId },
      recipient: { id: botId, name: "Spreekuur" },
      channelData: { tenant: { id: this.tenant } },
      locale: this.locale,
    };
  }

  post(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.botUrl}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(activity),
    });
  }

  install(): Promise<Response> {
    return this.post({ ...this.base("conversationUpdate"), membersAdded: [{ id: botId }] });
  }

  uninstall(): Promise<Response> {
    return this.post({ ...this.base("installationUpdate"), action: "remove" });
  }

  say(text: string): Promise<Response> {
    return this.post({ ...this.base("message"), text, textFormat: "plain" });
  }

  /** Clicks an Action.Execute: the invoke `adaptiveCard/action`; answers with the invoke response body. */
  async execute(verb: string, data: Record<string, unknown>): Promise<{ status: number; body: InvokeBody }> {
    const response = await this.post({
      ...this.base("invoke"),
      name: "adaptiveCard/action",
      value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" },
    });
    return { status: response.status, body: (await response.json()) as InvokeBody };
  }

  /** The Action.Submit fallback: a message whose value carries the data and inputs. */
  submit(data: Record<string, unknown>): Promise<Response> {
    return this.post({ ...this.base("message"), value: data });
  }
}

export interface InvokeBody {
  statusCode: number;
  type: string;
  value: AdaptiveCard | string;
}

/** The card in an activity the bot sent. */
export function cardOf(activity: Record<string, unknown> | undefined): AdaptiveCard | undefined {
  const attachments = activity?.attachments as { content: AdaptiveCard }[] | undefined;
  return attachments?.[0]?.content;
}

/** Every Action.Execute in a card, in order. */
export function executes(
  card: AdaptiveCard | undefined,
): { verb: string; title: string; data: Record<string, unknown> }[] {
  const found: { verb: string; title: string; data: Record<string, unknown> }[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object") {
      const record = value as Record<string, unknown>;
      if (record.type === "Action.Execute") {
        found.push({
          verb: String(record.verb),
          title: String(record.title),
          data: record.data as Record<string, unknown>,
        });
      } else Object.values(record).forEach(visit);
    }
  };
  visit(card);
  return found;
}

export function cardText(card: AdaptiveCard | undefined): string {
  return JSON.stringify(card ?? {});
}

/** The conversationUpdate Teams sends when the bot is added to a team (in its General channel). */
export function botAddedToTeam(serviceUrl: string, team: string, tenant = tenantId): Record<string, unknown> {
  return {
    type: "conversationUpdate",
    id: `f:install:${team}`,
    channelId: "msteams",
    serviceUrl,
    from: { id: "29:installer", name: "" },
    recipient: { id: botId, name: "Spreekuur" },
    conversation: { id: team, conversationType: "channel", isGroup: true, tenantId: tenant },
    channelData: { team: { id: team, name: "Huisartsen" }, tenant: { id: tenant }, eventType: "teamMemberAdded" },
    membersAdded: [{ id: botId }],
  };
}
