import { webApi } from "@slack/bolt";
import type { WorkspaceTokens } from "./workspace-tokens.js";

// A Web API client per workspace, from that workspace's bot token: the outbox's sends, updates and DM opens in
// one workspace never carry another's token. Clients are kept by token (a reinstall's new token gets a new client,
// the single-token mode has one) and forgotten when the workspace is uninstalled or its tokens revoked.

/** views.open: a trigger id expires 3 s after the click, so waiting longer is pointless. */
const triggerTimeoutMs = 2500;

interface Clients {
  work: webApi.WebClient;
  /** views.open only, with its own request queue (lanes.ts): created on the first click. */
  trigger?: webApi.WebClient;
}

export class WorkspaceClients {
  private readonly byToken = new Map<string, Clients>();
  /** The token each workspace's clients were last made from: what `forget` drops. */
  private readonly tokenOf = new Map<string, string>();

  constructor(
    private readonly tokens: WorkspaceTokens,
    private readonly options: webApi.WebClientOptions,
  ) {}

  /** The workspace's client (undefined: no token, the app is not installed there). */
  client(workspace: string | undefined): webApi.WebClient | undefined {
    const token = this.tokens.botToken(workspace);
    return token === undefined ? undefined : this.clients(workspace ?? "", token).work;
  }

  /** views.open's client for a request Bolt authorized with `token` (the request's own workspace's). */
  trigger(workspace: string | undefined, token: string): webApi.WebClient {
    const clients = this.clients(workspace ?? "", token);
    clients.trigger ??= new webApi.WebClient(token, { ...this.options, timeout: triggerTimeoutMs });
    return clients.trigger;
  }

  /** The workspace was uninstalled or its tokens revoked: its clients go (a reinstall makes new ones). */
  forget(workspace: string): void {
    const token = this.tokenOf.get(workspace);
    this.tokenOf.delete(workspace);
    // Another workspace may share the token (the single-token mode): then it stays.
    if (token !== undefined && ![...this.tokenOf.values()].includes(token)) this.byToken.delete(token);
  }

  private clients(workspace: string, token: string): Clients {
    const before = this.tokenOf.get(workspace);
    if (before !== token) {
      // A reinstall: the old token's clients go once no workspace uses it.
      this.tokenOf.set(workspace, token);
      if (before !== undefined && ![...this.tokenOf.values()].includes(before)) this.byToken.delete(before);
    }
    let clients = this.byToken.get(token);
    if (!clients) {
      clients = { work: new webApi.WebClient(token, this.options) };
      this.byToken.set(token, clients);
    }
    return clients;
  }
}
