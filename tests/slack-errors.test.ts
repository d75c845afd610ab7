import { describe, expect, it } from "vitest";
import { loadConfig } from "../adapters/config.js";
import { boltLogger } from "../adapters/slack/bolt-logger.js";
import { deliveryFromError } from "../adapters/slack/errors.js";
import { ConfigError } from "../src/env.js";
import { createLogger } from "../src/log.js";

// Web API failures as the core's delivery outcomes, shaped as @slack/web-api throws them.

const platform = (error: string) => ({ code: "slack_webapi_platform_error", data: { ok: false, error } });

describe("Slack error translation", () => {
  it("maps rate limits to rate_limited with the Retry-After", () => {
    expect(deliveryFromError({ code: "slack_webapi_rate_limited_error", retryAfter: 30 })).toEqual({
      ok: false,
      reason: "rate_limited",
      retryAfterMs: 30_000,
      scope: "workspace",
    });
    expect(
      deliveryFromError({ code: "slack_webapi_http_error", statusCode: 429, headers: { "retry-after": "4" } }),
    ).toMatchObject({
      reason: "rate_limited",
      retryAfterMs: 4000,
      scope: "workspace",
    });
  });

  it.each(["channel_not_found", "user_not_found"])("maps %s to not_found, not retryable", (code) => {
    expect(deliveryFromError(platform(code))).toEqual({
      ok: false,
      reason: "not_found",
      retryable: false,
      detail: code,
    });
  });

  it.each(["is_archived", "not_in_channel", "cannot_dm_bot", "user_disabled", "messages_tab_disabled"])(
    "maps %s (the member's or channel's) to blocked",
    (code) => {
      expect(deliveryFromError(platform(code))).toEqual({
        ok: false,
        reason: "blocked",
        retryable: false,
        detail: code,
      });
    },
  );

  it.each([
    "token_revoked",
    "invalid_auth",
    "not_authed",
    "account_inactive",
    "missing_scope",
    "not_allowed_token_type",
    "team_access_not_granted",
    "org_login_required",
    "ekm_access_denied",
    "no_permission",
    "team_added_to_org",
  ])("maps %s (the app's token, scopes or workspace) to unauthorized", (code) => {
    expect(deliveryFromError(platform(code))).toEqual({ ok: false, reason: "unauthorized", detail: code });
  });

  it("maps a 200 whose body is not JSON to a retryable outage, without the body", () => {
    // @slack/web-api puts the whole unparsable body in `error` and throws a platform error.
    const html = "<html><body><h1>Service Unavailable</h1></body></html>";
    expect(deliveryFromError(platform(html))).toEqual({
      ok: false,
      reason: "unavailable",
      retryable: true,
      detail: "non_json_response",
    });
    expect(deliveryFromError(platform(""))).toMatchObject({ reason: "unavailable", retryable: true });
  });

  it("maps bad requests to invalid and outages to unavailable and retryable", () => {
    expect(deliveryFromError(platform("invalid_blocks"))).toMatchObject({ reason: "invalid", retryable: false });
    expect(deliveryFromError(platform("internal_error"))).toMatchObject({ reason: "unavailable", retryable: true });
    expect(deliveryFromError({ code: "slack_webapi_http_error", statusCode: 503, headers: {} })).toMatchObject({
      reason: "unavailable",
      retryable: true,
    });
    expect(
      deliveryFromError({ code: "slack_webapi_request_error", original: new Error("ECONNREFUSED") }),
    ).toMatchObject({
      reason: "unavailable",
      retryable: true,
    });
  });

  it("rethrows what is not a Web API error: that is a bug", () => {
    expect(() => deliveryFromError(new TypeError("boom"))).toThrow("boom");
  });
});

describe("Slack configuration", () => {
  const loadSlackConfig = (env: Record<string, string>) => loadConfig(env).slack;

  it("is off without a token and secret, and on with both", () => {
    expect(loadSlackConfig({})).toBeUndefined();
    expect(
      loadSlackConfig({
        SLACK_BOT_TOKEN: "xoxb-1",
        SLACK_SIGNING_SECRET: "secret-123",
        SLACK_API_URL: "http://127.0.0.1:9/api",
      }),
    ).toEqual({
      botToken: "xoxb-1",
      signingSecret: "secret-123",
      apiUrl: "http://127.0.0.1:9/api/",
      directoryCallsPerMinute: 20,
    });
  });

  it("names the variable that is missing or wrong", () => {
    expect(() => loadSlackConfig({ SLACK_BOT_TOKEN: "xoxb-1" })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => loadSlackConfig({ SLACK_BOT_TOKEN: "xoxp-user", SLACK_SIGNING_SECRET: "secret-123" })).toThrow(
      ConfigError,
    );
    expect(() =>
      loadSlackConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "secret-123", SLACK_APP_TOKEN: "xoxb-2" }),
    ).toThrow(/SLACK_APP_TOKEN/);
  });
});

describe("Slack logging", () => {
  it("drops Bolt's debug lines, which carry whole request bodies, and keeps warnings", () => {
    const lines: string[] = [];
    const log = createLogger("debug", { write: (line: string) => void lines.push(line) });
    const bolt = boltLogger(log);
    bolt.debug('{"text":"mijn patiënt"}');
    bolt.warn("Failed to parse and verify the request data");
    expect(lines.join("")).not.toContain("patiënt");
    expect(lines.join("")).toContain("Failed to parse");
  });
});
