import { describe, expect, it } from "vitest";
import { defaultRetryAfterMs, deliveryFromError, retryAfterMs, threadOf } from "../../adapters/teams/errors.js";

const restError = (statusCode: number, body?: unknown, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`status ${statusCode}`), {
    statusCode,
    response: {
      status: statusCode,
      headers: { get: (name: string) => headers[name.toLowerCase()] },
      bodyAsText: body === undefined ? "" : JSON.stringify(body),
    },
  });

describe("connector errors → deliveries", () => {
  it("429 is rate_limited with the Retry-After: the tenant's in a personal chat or a creation, else the thread's", () => {
    const limited = restError(429, undefined, { "retry-after": "7" });
    expect(deliveryFromError(limited)).toEqual({
      ok: false,
      reason: "rate_limited",
      retryAfterMs: 7000,
      scope: "workspace",
    });
    expect(deliveryFromError(limited, "create")).toMatchObject({ scope: "workspace" });
    expect(deliveryFromError(limited, threadOf("personal"))).toMatchObject({ scope: "workspace" });
    expect(deliveryFromError(limited, threadOf("channel"))).toMatchObject({ scope: "conversation" });
    expect(deliveryFromError(limited, threadOf("groupChat"))).toMatchObject({ scope: "conversation" });
    expect(deliveryFromError(restError(429))).toMatchObject({ retryAfterMs: defaultRetryAfterMs });
    expect(retryAfterMs(new Date(61_000).toUTCString(), 1_000)).toBe(60_000);
  });

  it("403 MessageWritesBlocked is blocked, 404 not_found, both final", () => {
    const blocked = deliveryFromError(restError(403, { error: { code: "MessageWritesBlocked", message: "x" } }));
    expect(blocked).toEqual({
      ok: false,
      reason: "blocked",
      retryable: false,
      detail: "HTTP 403 MessageWritesBlocked",
    });
    expect(deliveryFromError(restError(404, { error: { code: "ConversationNotFound" } }))).toMatchObject({
      reason: "not_found",
      retryable: false,
    });
  });

  it("401 is the bot's credentials: unauthorized, whoever the recipient", () => {
    expect(deliveryFromError(restError(401, { message: "Authorization has been denied for this request." }))).toEqual({
      ok: false,
      reason: "unauthorized",
      detail: "HTTP 401",
    });
  });

  it.each(["BotDisabledByAdmin", "BotNotRegistered", "InvalidBotApiHost"])(
    "403 %s is about the bot, not the member: unauthorized",
    (code) => {
      expect(deliveryFromError(restError(403, { error: { code, message: "" } }))).toEqual({
        ok: false,
        reason: "unauthorized",
        detail: `HTTP 403 ${code}`,
      });
    },
  );

  it.each(["MessageWritesBlocked", "ConversationBlockedByUser", "BotNotInConversationRoster"])(
    "403 %s is the member's: blocked",
    (code) => {
      expect(deliveryFromError(restError(403, { error: { code } }))).toMatchObject({ reason: "blocked" });
    },
  );

  it("a refused app secret while fetching the token (MSAL invalid_client) is unauthorized", () => {
    const msal = Object.assign(new Error("AADSTS7000215: Invalid client secret provided."), {
      errorCode: "invalid_client",
    });
    expect(deliveryFromError(msal)).toEqual({
      ok: false,
      reason: "unauthorized",
      detail: "credentials invalid_client",
    });
  });

  it.each([412, 502, 503, 504])("%i is unavailable and retryable", (status) => {
    expect(deliveryFromError(restError(status))).toMatchObject({ reason: "unavailable", retryable: true });
  });

  it("anything else is invalid with the reason", () => {
    expect(deliveryFromError(restError(400, { error: { code: "BadSyntax" } }))).toEqual({
      ok: false,
      reason: "invalid",
      retryable: false,
      detail: "HTTP 400 BadSyntax",
    });
    expect(deliveryFromError(new TypeError("boom"))).toMatchObject({ reason: "invalid", detail: "TypeError: boom" });
    expect(deliveryFromError(Object.assign(new Error("down"), { code: "ECONNREFUSED" }))).toMatchObject({
      reason: "unavailable",
      retryable: true,
    });
  });
});
