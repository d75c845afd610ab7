import type { Delivery } from "../../src/contract.js";

// The one place that turns Slack Web API failures into the core's delivery outcomes.

/**
 * Errors about the app itself (its token, scopes or workspace access), per Slack's docs of chat.postMessage and the
 * common errors: every recipient would get the same answer, so no member is at fault and the sends pause.
 * `account_inactive` with a bot token means the token's own user or workspace is gone, not the recipient.
 */
const appErrors = new Set([
  "not_authed",
  "invalid_auth",
  "token_revoked",
  "token_expired",
  "account_inactive",
  "missing_scope",
  "not_allowed_token_type",
  "team_access_not_granted",
  "org_login_required",
  "ekm_access_denied",
  "accesslimited",
  "two_factor_setup_required",
  "no_permission",
  "team_added_to_org",
  "invalid_token",
  "not_installed",
]);
/**
 * Errors that mean this member or channel cannot be reached: retrying will not help. `access_denied` names "a
 * resource specified in the request", here the channel; `restricted_action` is a channel's posting preference.
 */
const blockedErrors = new Set([
  "cannot_dm_bot",
  "is_archived",
  "not_in_channel",
  "user_disabled",
  "restricted_action",
  "messages_tab_disabled",
  "access_denied",
]);
const notFoundErrors = new Set(["channel_not_found", "user_not_found", "users_not_found", "message_not_found"]);
const unavailableErrors = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout"]);

/** What a Slack error code looks like (`token_revoked`); anything else is not an answer from the Web API. */
const errorCode = /^[a-z][a-z0-9_]{0,79}$/;

const codes = {
  rateLimited: "slack_webapi_rate_limited_error",
  platform: "slack_webapi_platform_error",
  http: "slack_webapi_http_error",
  request: "slack_webapi_request_error",
} as const;

interface SlackErrorShape {
  code?: unknown;
  retryAfter?: unknown;
  data?: { error?: unknown };
  statusCode?: unknown;
  headers?: Record<string, unknown>;
}

function shape(error: unknown): SlackErrorShape {
  return typeof error === "object" && error !== null ? (error as SlackErrorShape) : {};
}

/** Translates what a Web API call threw. Only the error code travels on: never the payload. */
export function deliveryFromError(error: unknown): Delivery {
  const e = shape(error);
  switch (e.code) {
    case codes.rateLimited: {
      const seconds = typeof e.retryAfter === "number" && e.retryAfter > 0 ? e.retryAfter : 1;
      // chat.postMessage's 429 speaks for the whole workspace (its limit is per workspace): the lane pauses.
      return { ok: false, reason: "rate_limited", retryAfterMs: seconds * 1000, scope: "workspace" };
    }
    case codes.platform: {
      const code = typeof e.data?.error === "string" ? e.data.error : "unknown_error";
      // A 200 whose body is not JSON (a proxy's or Slack's HTML error page): the client puts the whole body in
      // `error`. Transient, and never to be stored: it is not a Slack error code.
      if (!errorCode.test(code))
        return { ok: false, reason: "unavailable", retryable: true, detail: "non_json_response" };
      if (appErrors.has(code)) return { ok: false, reason: "unauthorized", detail: code };
      if (blockedErrors.has(code)) return { ok: false, reason: "blocked", retryable: false, detail: code };
      if (notFoundErrors.has(code)) return { ok: false, reason: "not_found", retryable: false, detail: code };
      if (unavailableErrors.has(code)) return { ok: false, reason: "unavailable", retryable: true, detail: code };
      if (code === "ratelimited") return { ok: false, reason: "rate_limited", retryAfterMs: 1000, scope: "workspace" };
      return { ok: false, reason: "invalid", retryable: false, detail: code };
    }
    case codes.http: {
      const status = typeof e.statusCode === "number" ? e.statusCode : 0;
      if (status === 429) {
        const header = Number(e.headers?.["retry-after"]);
        return {
          ok: false,
          reason: "rate_limited",
          retryAfterMs: (header > 0 ? header : 1) * 1000,
          scope: "workspace",
        };
      }
      if (status >= 500 || status === 408) {
        return { ok: false, reason: "unavailable", retryable: true, detail: `http_${status}` };
      }
      return { ok: false, reason: "invalid", retryable: false, detail: `http_${status}` };
    }
    case codes.request:
      return { ok: false, reason: "unavailable", retryable: true, detail: "request_failed" };
    default:
      throw error;
  }
}

/** Web API client options that leave pacing and retries to the core's outbox (see DESIGN.md, pitfalls). */
export const webApiClientOptions = {
  rejectRateLimitedCalls: true,
  retryConfig: { retries: 0 },
} as const;
