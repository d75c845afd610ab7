import { type LimitStats, RateLimiter, type RateLimits, sumStats } from "./rate-limits.js";

// The workspaces of the fake Slack: each install has its own bot token, and Slack's limits hold per workspace
// (chat.postMessage's workspace-wide rate, each channel's 1/s). OAuth v2: `authorizeCode` stands for a member
// clicking "Allow" (Slack redirects with a code), `oauth.v2.access` trades the code, once, for the bot token.
// Calls with a token the fake never handed out count as the default workspace (the single-token mode's).

export interface FakeWorkspace {
  teamId: string;
  name: string;
  /** Set for a workspace in an Enterprise Grid organisation. */
  enterpriseId?: string;
  /** An org-wide install: the token speaks for every workspace of the enterprise. */
  enterpriseInstall?: boolean;
  botToken: string;
  botUserId: string;
  botId: string;
  scopes: string[];
  limiter?: RateLimiter;
  /** Every call with this workspace's token answers this error (`token_revoked`, `invalid_auth`). */
  refusal?: string;
  /** Until this moment (ms) every chat.postMessage answers 429 (a workspace under load). */
  limitedUntil?: number;
}

export type WorkspaceOptions = Partial<Pick<FakeWorkspace, "name" | "enterpriseId" | "enterpriseInstall" | "scopes">>;

/** What the fake's oauth.v2.access answers, as Slack documents it. */
type OAuthAnswer = Record<string, unknown> & { ok: boolean };

const defaultTeam = "T1";
export const fakeClient = { id: "1111.2222", secret: "fake-client-secret" };

export class FakeSlackWorkspaces {
  private readonly byToken = new Map<string, FakeWorkspace>();
  private readonly byTeam = new Map<string, FakeWorkspace>();
  private readonly codes = new Map<string, FakeWorkspace>();
  private readonly fallback: FakeWorkspace;
  private counter = 0;

  constructor(private readonly limits?: RateLimits) {
    this.fallback = { ...this.create(defaultTeam, { name: "Fake" }, "xoxb-default"), botUserId: "UBOT", botId: "BBOT" };
  }

  /** A workspace the app is installed in (no OAuth dance): its bot token is `workspace.botToken`. */
  add(teamId: string, options: WorkspaceOptions = {}): FakeWorkspace {
    const workspace = this.create(teamId, options, `xoxb-${teamId}-${++this.counter}`);
    this.byToken.set(workspace.botToken, workspace);
    this.byTeam.set(teamId, workspace);
    return workspace;
  }

  /** An OAuth code, as Slack's redirect to /slack/oauth_redirect carries it: installs into `teamId` when traded. */
  authorizeCode(teamId: string, options: WorkspaceOptions = {}): string {
    const code = `code-${teamId}-${++this.counter}`;
    this.codes.set(code, this.create(teamId, options, `xoxb-${teamId}-${++this.counter}`));
    return code;
  }

  /** The workspace a token belongs to (an unknown token: the default workspace). */
  of(token: string | undefined): FakeWorkspace {
    return (token && this.byToken.get(token)) || this.fallback;
  }

  team(teamId: string): FakeWorkspace | undefined {
    return teamId === defaultTeam ? (this.byTeam.get(teamId) ?? this.fallback) : this.byTeam.get(teamId);
  }

  /** oauth.v2.access: the code once, with the app's client id and secret. */
  oauthAccess(params: Record<string, unknown>, basicAuth: string | undefined): OAuthAnswer {
    const [basicId, basicSecret] = basicAuth
      ? Buffer.from(basicAuth.replace(/^Basic /, ""), "base64")
          .toString()
          .split(":")
      : [];
    const id = params.client_id ?? basicId;
    const secret = params.client_secret ?? basicSecret;
    if (id !== fakeClient.id || secret !== fakeClient.secret) return { ok: false, error: "invalid_client_id" };
    const code = String(params.code ?? "");
    const workspace = this.codes.get(code);
    if (!workspace) return { ok: false, error: "invalid_code" };
    this.codes.delete(code);
    // A reinstall replaces the earlier token, as Slack's does.
    const before = this.byTeam.get(workspace.teamId);
    if (before) this.byToken.delete(before.botToken);
    this.byToken.set(workspace.botToken, workspace);
    this.byTeam.set(workspace.teamId, workspace);
    return {
      ok: true,
      app_id: "A0SPREEKUUR",
      authed_user: { id: "UINSTALLER" },
      scope: workspace.scopes.join(","),
      token_type: "bot",
      access_token: workspace.botToken,
      bot_user_id: workspace.botUserId,
      team: workspace.enterpriseInstall ? null : { id: workspace.teamId, name: workspace.name },
      enterprise: workspace.enterpriseId ? { id: workspace.enterpriseId, name: `${workspace.name} Grid` } : null,
      is_enterprise_install: workspace.enterpriseInstall === true,
    };
  }

  /** auth.test for a token: who the bot is, in which workspace. */
  authTest(token: string | undefined): Record<string, unknown> {
    const w = this.of(token);
    return {
      url: `https://${w.teamId.toLowerCase()}.slack.test/`,
      team: w.name,
      user: "spreekuur",
      team_id: w.teamId,
      user_id: w.botUserId,
      bot_id: w.botId,
      ...(w.enterpriseId ? { enterprise_id: w.enterpriseId } : {}),
      is_enterprise_install: w.enterpriseInstall === true,
    };
  }

  /** The Retry-After seconds for a chat.postMessage over the workspace's limits, else undefined. */
  check(token: string | undefined, channel: string, now = Date.now()): number | undefined {
    const w = this.of(token);
    if (w.limitedUntil !== undefined && now < w.limitedUntil) {
      w.limiter?.check(channel, now);
      return Math.max(1, Math.ceil((w.limitedUntil - now) / 1000));
    }
    return w.limiter?.check(channel, now);
  }

  deliveredTo(token: string | undefined, channel: string): void {
    this.of(token).limiter?.deliveredTo(`${this.of(token).teamId}/${channel}`);
  }

  /** Per workspace: what its limiter counted. */
  stats(): Record<string, LimitStats> {
    const all: Record<string, LimitStats> = {};
    for (const w of new Set([this.fallback, ...this.byTeam.values()])) if (w.limiter) all[w.teamId] = w.limiter.stats();
    return all;
  }

  /** All workspaces together (what a single-workspace benchmark reads); undefined without limits. */
  total(): LimitStats | undefined {
    if (!this.limits) return undefined;
    return sumStats(Object.values(this.stats()).filter((s) => s.requests > 0));
  }

  private create(teamId: string, options: WorkspaceOptions, botToken: string): FakeWorkspace {
    const n = ++this.counter;
    return {
      teamId,
      name: options.name ?? `Werkruimte ${teamId}`,
      ...(options.enterpriseId ? { enterpriseId: options.enterpriseId } : {}),
      ...(options.enterpriseInstall ? { enterpriseInstall: true } : {}),
      botToken,
      botUserId: `UBOT${n}`,
      botId: `BBOT${n}`,
      scopes: options.scopes ?? ["chat:write", "commands", "im:history", "im:write", "users:read"],
      ...(this.limits ? { limiter: new RateLimiter(this.limits) } : {}),
    };
  }
}
