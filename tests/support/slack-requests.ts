import { createHmac } from "node:crypto";

// Requests shaped and signed as Slack sends them (https://api.slack.com/authentication/verifying-requests-from-slack):
// X-Slack-Signature = "v0=" + hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + raw body)).

export const signingSecret = "8f742231b10e8888abcd99yyyzzz85a5";
export const botToken = "xoxb-test-token-1";

export interface SlackRequest {
  body: string;
  contentType: string;
  headers?: Record<string, string>;
}

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface SignOptions {
  secret?: string;
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  unsigned?: boolean;
  retryNum?: number;
}

export async function post(url: string, request: SlackRequest, options: SignOptions = {}): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { "content-type": request.contentType, ...request.headers };
  if (!options.unsigned) {
    headers["x-slack-request-timestamp"] = String(timestamp);
    headers["x-slack-signature"] = signature(options.secret ?? signingSecret, timestamp, request.body);
  }
  if (options.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(options.retryNum);
    headers["x-slack-retry-reason"] = "http_timeout";
  }
  return fetch(url, { method: "POST", headers, body: request.body });
}

const form = (fields: Record<string, string>): SlackRequest => ({
  body: new URLSearchParams(fields).toString(),
  contentType: "application/x-www-form-urlencoded",
});
const json = (payload: unknown): SlackRequest => ({ body: JSON.stringify(payload), contentType: "application/json" });
/** Interactivity arrives as a form with one `payload` field holding JSON. */
const interactive = (payload: unknown): SlackRequest => form({ payload: JSON.stringify(payload) });

let counter = 0;
const next = () => ++counter;

export function urlVerification(challenge: string): SlackRequest {
  return json({ token: "legacy", challenge, type: "url_verification" });
}

export function slashCommand(user: string, text: string, responseUrl: string): SlackRequest {
  return form({
    token: "legacy",
    team_id: "T1",
    team_domain: "huisartsen",
    channel_id: "C0GENERAL",
    channel_name: "algemeen",
    user_id: user,
    user_name: user.toLowerCase(),
    command: "/spreekuur",
    text,
    api_app_id: "A1",
    is_enterprise_install: "false",
    response_url: responseUrl,
    trigger_id: `tr-cmd-${next()}`,
  });
}

export interface ButtonClick {
  user: string;
  actionId: string;
  value?: string;
  /** The message the button sat on (channel + ts); omitted for App Home. */
  channel?: string;
  ts?: string;
  home?: boolean;
  ephemeral?: boolean;
  responseUrl?: string;
  triggerId?: string;
  /** The message's input state (a form shown in the message), as `state.values`. */
  state?: Record<string, unknown>;
}

export function blockAction(click: ButtonClick): SlackRequest {
  const n = next();
  const container = click.home
    ? { type: "view", view_id: "VHOME" }
    : { type: "message", message_ts: click.ts, channel_id: click.channel, is_ephemeral: click.ephemeral ?? false };
  return interactive({
    type: "block_actions",
    user: { id: click.user, username: click.user.toLowerCase(), team_id: "T1" },
    api_app_id: "A1",
    token: "legacy",
    container,
    trigger_id: click.triggerId ?? `tr-act-${n}`,
    team: { id: "T1", domain: "huisartsen" },
    ...(click.home
      ? { view: { id: "VHOME", type: "home", blocks: [], private_metadata: "", callback_id: "", hash: "h" } }
      : {
          channel: { id: click.channel, name: "directmessage" },
          ...(click.ephemeral ? {} : { message: { type: "message", ts: click.ts, text: "…", user: "UBOT" } }),
        }),
    ...(click.responseUrl ? { response_url: click.responseUrl } : {}),
    ...(click.state ? { state: { values: click.state } } : {}),
    actions: [
      {
        type: "button",
        action_id: click.actionId,
        block_id: `b${n}`,
        text: { type: "plain_text", text: "…" },
        ...(click.value !== undefined ? { value: click.value } : {}),
        action_ts: `${Math.floor(Date.now() / 1000)}.${n}`,
      },
    ],
  });
}

export function viewSubmission(
  user: string,
  view: { id: string; private_metadata: string },
  values: Record<string, unknown>,
): SlackRequest {
  const n = next();
  return interactive({
    type: "view_submission",
    team: { id: "T1", domain: "huisartsen" },
    user: { id: user, username: user.toLowerCase(), team_id: "T1" },
    api_app_id: "A1",
    token: "legacy",
    trigger_id: `tr-view-${n}`,
    view: {
      id: view.id,
      team_id: "T1",
      type: "modal",
      callback_id: "spreekuur.form",
      private_metadata: view.private_metadata,
      hash: `h${n}`,
      blocks: [],
      state: { values },
      title: { type: "plain_text", text: "…" },
    },
    response_urls: [],
  });
}

/** State values as Slack sends them: block id → action id → typed value. */
export function textValue(id: string, value: string): Record<string, unknown> {
  return { [id]: { [id]: { type: "plain_text_input", value } } };
}
export function selectValue(id: string, value: string): Record<string, unknown> {
  return {
    [id]: { [id]: { type: "static_select", selected_option: { text: { type: "plain_text", text: value }, value } } },
  };
}

export function eventCallback(event: Record<string, unknown>, eventId = `Ev${next()}`): SlackRequest {
  return json({
    token: "legacy",
    team_id: "T1",
    api_app_id: "A1",
    event: { event_ts: `${Math.floor(Date.now() / 1000)}.000100`, ...event },
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: "T1", user_id: "UBOT", is_bot: true }],
  });
}

export function dmMessage(user: string, text: string, eventId?: string): SlackRequest {
  return eventCallback(
    { type: "message", channel: `D${user}`, channel_type: "im", user, text, ts: `1700000100.${next()}` },
    eventId,
  );
}

export function homeOpened(user: string): SlackRequest {
  return eventCallback({ type: "app_home_opened", user, channel: `D${user}`, tab: "home" });
}
