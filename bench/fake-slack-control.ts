import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { FakeSlack } from "../tests/support/fake-slack.js";
import { RateLimiter, type RateLimits } from "../tests/support/rate-limits.js";

// Control of a fake Slack running in another process (the broadcast benchmark), on its own small HTTP server:
//   POST /_control/add-workspace?team=T…&name=…   installs the app in a workspace: { teamId, botToken, botUserId }
//   POST /_control/limit?team=T…&seconds=30        every chat.postMessage there answers 429 for that long
//   POST /_control/revoke?team=T…&error=…          every call with its token answers the error (token_revoked)
//   POST /_control/restore?team=T…                  its token works again
// A workspace added here counts its 429s of a limited period as requests over the limit (fault-limiter below).

/** A workspace's limiter that can also refuse everything for a while (the workspace under load). */
class FaultLimiter extends RateLimiter {
  private until = 0;

  limitFor(seconds: number, now = Date.now()): void {
    this.until = now + seconds * 1000;
  }

  override check(conversation: string, now = Date.now()): number | undefined {
    if (now >= this.until) return super.check(conversation, now);
    this.refused();
    return Math.max(1, Math.ceil((this.until - now) / 1000));
  }
}

type Answer = { status: number; body: unknown };

function route(fake: FakeSlack, limits: RateLimits | undefined, path: string, query: URLSearchParams): Answer {
  const teamId = query.get("team") ?? "";
  if (!/^[TE][A-Z0-9]+$/.test(teamId)) return { status: 400, body: { error: "team must be a Slack team id" } };
  if (path === "/_control/add-workspace") {
    const workspace = fake.workspaces.add(teamId, { name: query.get("name") ?? teamId });
    if (limits) workspace.limiter = new FaultLimiter(limits);
    const { botToken, botUserId, botId, name } = workspace;
    return { status: 200, body: { teamId, name, botToken, botUserId, botId } };
  }
  const workspace = fake.workspaces.team(teamId);
  if (!workspace) return { status: 404, body: { error: `no workspace ${teamId}` } };
  if (path === "/_control/limit") {
    const seconds = Number(query.get("seconds"));
    if (!(workspace.limiter instanceof FaultLimiter) || !(seconds > 0)) {
      return { status: 400, body: { error: "a workspace added here, and seconds > 0" } };
    }
    workspace.limiter.limitFor(seconds);
    return { status: 200, body: { teamId, limitedForSeconds: seconds } };
  }
  if (path === "/_control/revoke") {
    fake.revokeToken(query.get("error") ?? "token_revoked", teamId);
    return { status: 200, body: { teamId, refusal: workspace.refusal } };
  }
  if (path === "/_control/restore") {
    delete workspace.refusal;
    return { status: 200, body: { teamId } };
  }
  return { status: 404, body: { error: "unknown control route" } };
}

function send(res: ServerResponse, { status, body }: Answer): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** Starts the control server beside `fake`; resolves with its base URL. */
export async function startControl(fake: FakeSlack, limits: RateLimits | undefined): Promise<string> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://control");
    req.resume();
    if (req.method !== "POST") return send(res, { status: 405, body: { error: "POST only" } });
    send(res, route(fake, limits, url.pathname, url.searchParams));
  });
  server.unref();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
