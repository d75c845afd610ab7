import { eventCallback, type SlackRequest } from "./slack-requests.js";

// The requests of slack-requests.ts as they come from another workspace: every place Slack (and Bolt, reading
// them) names the team says `team` instead of T1. Signed afterwards by `post`, as Slack signs them: a forged team
// id in a signed payload is what the isolation tests try.

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null;

/** An interactive payload (block_actions, view_submission) from `team`. */
function interactiveIn(payload: Json, team: string): Json {
  const user = isObject(payload.user) ? { ...payload.user, team_id: team } : payload.user;
  const view = isObject(payload.view) && "team_id" in payload.view ? { ...payload.view, team_id: team } : payload.view;
  return { ...payload, team: { id: team, domain: team.toLowerCase() }, user, ...(view ? { view } : {}) };
}

/** The request as `team` sends it (an event, a slash command, a click or a form). */
export function inTeam(request: SlackRequest, team: string): SlackRequest {
  if (request.contentType === "application/json") {
    const body = JSON.parse(request.body) as Json;
    const authorizations = [{ team_id: team, user_id: "UBOT", is_bot: true, is_enterprise_install: false }];
    return { ...request, body: JSON.stringify({ ...body, team_id: team, authorizations }) };
  }
  const fields = new URLSearchParams(request.body);
  const payload = fields.get("payload");
  if (payload) fields.set("payload", JSON.stringify(interactiveIn(JSON.parse(payload) as Json, team)));
  else fields.set("team_id", team);
  return { ...request, body: fields.toString() };
}

/** Slack's `app_uninstalled`: the app was removed from the workspace. */
export function appUninstalled(team: string, eventId?: string): SlackRequest {
  return inTeam(eventCallback({ type: "app_uninstalled" }, eventId), team);
}

/** Slack's `tokens_revoked`: the bot tokens of these bot users (and user tokens of those) no longer work. */
export function tokensRevoked(team: string, tokens: { bot?: string[]; oauth?: string[] }, eventId?: string) {
  return inTeam(eventCallback({ type: "tokens_revoked", tokens }, eventId), team);
}
