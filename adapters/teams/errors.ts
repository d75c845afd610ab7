import type { Delivery } from "../../src/contract.js";

// The one place where Bot Framework connector errors become the core's delivery outcomes. botbuilder's own retries
// are off (connector-retries.ts): a 429 here is the connector's first answer, and the outbox waits its Retry-After.

/** Used when a 429 carries no usable Retry-After. */
export const defaultRetryAfterMs = 30_000;

/**
 * 403 codes that are about the bot, not the member (Microsoft's "status codes from bot conversational APIs"): the
 * tenant's admin disabled it, it is not registered, or it calls the wrong cloud. Every other 403 (`MessageWritesBlocked`,
 * `ConversationBlockedByUser`, the bot removed from the chat) is the member's.
 */
const appForbiddenCodes = new Set(["BotDisabledByAdmin", "BotNotRegistered", "InvalidBotApiHost", "Unauthorized"]);

/** MSAL's answers when the bot's own app id or secret is refused while fetching a token: no HTTP status of ours. */
const credentialErrorCodes = new Set(["invalid_client", "unauthorized_client"]);

interface ConnectorErrorShape {
  statusCode?: unknown;
  code?: unknown;
  errorCode?: unknown;
  message?: unknown;
  response?: { status?: unknown; headers?: unknown; bodyAsText?: unknown; parsedBody?: unknown };
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== "object") return undefined;
  const getter = (headers as { get?: unknown }).get;
  if (typeof getter === "function") {
    const value: unknown = getter.call(headers, name);
    return typeof value === "string" ? value : undefined;
  }
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === "string" ? value : undefined;
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from `now`. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number {
  if (!value) return defaultRetryAfterMs;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : defaultRetryAfterMs;
}

/** The connector's error code (`MessageWritesBlocked`, `ConversationNotFound`, …) from the error body. */
function errorCode(error: ConnectorErrorShape): string | undefined {
  const parsed = error.response?.parsedBody;
  const fromBody = (body: unknown): string | undefined => {
    const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
    return typeof code === "string" ? code : undefined;
  };
  if (parsed && typeof parsed === "object") return fromBody(parsed);
  const text = error.response?.bodyAsText;
  if (typeof text === "string") {
    try {
      return fromBody(JSON.parse(text));
    } catch {
      return undefined;
    }
  }
  return typeof error.code === "string" ? error.code : undefined;
}

function statusOf(error: ConnectorErrorShape): number | undefined {
  const status = error.statusCode ?? error.response?.status;
  return typeof status === "number" ? status : undefined;
}

/** A send the connector answered without a message id: nothing to update later, and not proof of delivery. */
export function sendWithoutId(): Delivery {
  return { ok: false, reason: "invalid", retryable: false, detail: "connector answered without a message id" };
}

/**
 * Which sends a 429 holds back. Microsoft's "Rate limiting for bots" (learn.microsoft.com/microsoftteams/platform/
 * bots/how-to/rate-limit) documents a limit per app per tenant (50 requests/s), one per bot per thread (7/s, 8 per
 * 2 s, 60 per 30 s, 1,800 an hour) and one per thread for all bots together (14/s, 16 per 2 s); the 429 itself
 * says which only by its Retry-After, neither its body nor its headers name the limit. The lane keeps each
 * conversation under the per-bot-per-thread limits, so our own sends cannot be over them:
 * - a personal chat has no other bot in it, so a 429 there is the tenant's limit (or Teams' own message splitting,
 *   which the page warns raises the tenant's request count): the whole tenant waits ("workspace");
 * - a channel or group chat is shared with other bots, whose traffic can fill the all-bots thread limit while the
 *   tenant is far from its 50/s: only that conversation waits ("conversation");
 * - creating a 1:1 chat (first contact) goes to no thread we used before: the tenant's limit ("workspace").
 */
export type ThreadKind = "personal" | "shared" | "create";

function rateLimitScope(thread: ThreadKind): "workspace" | "conversation" {
  return thread === "shared" ? "conversation" : "workspace";
}

/** The thread kind of a stored reference's conversation type (`personal`, `channel`, `groupChat`). */
export function threadOf(conversationType: string | undefined): ThreadKind {
  return conversationType === "channel" || conversationType === "groupChat" ? "shared" : "personal";
}

/** Translates whatever a connector call threw into a Delivery; `thread` decides a 429's scope. */
export function deliveryFromError(error: unknown, thread: ThreadKind = "personal", now = Date.now()): Delivery {
  const shape = (error && typeof error === "object" ? error : {}) as ConnectorErrorShape;
  const status = statusOf(shape);
  const code = errorCode(shape);
  const detail = [status ? `HTTP ${status}` : undefined, code].filter(Boolean).join(" ") || describe(error);
  switch (status) {
    case 429:
      return {
        ok: false,
        reason: "rate_limited",
        retryAfterMs: retryAfterMs(header(shape.response?.headers, "retry-after"), now),
        scope: rateLimitScope(thread),
      };
    case 401:
      // The connector refused the bot's token: the bot's credentials, whoever the recipient.
      return { ok: false, reason: "unauthorized", detail };
    case 403:
      if (code && appForbiddenCodes.has(code)) return { ok: false, reason: "unauthorized", detail };
      return { ok: false, reason: "blocked", retryable: false, detail };
    case 404:
      return { ok: false, reason: "not_found", retryable: false, detail };
    case 412:
    case 502:
    case 503:
    case 504:
      return { ok: false, reason: "unavailable", retryable: true, detail };
  }
  if (status === undefined && typeof shape.errorCode === "string" && credentialErrorCodes.has(shape.errorCode)) {
    return { ok: false, reason: "unauthorized", detail: `credentials ${shape.errorCode}` };
  }
  if (status === undefined && isNetworkError(shape)) {
    return { ok: false, reason: "unavailable", retryable: true, detail };
  }
  return { ok: false, reason: "invalid", retryable: false, detail };
}

/** The connector could not be reached at all (refused, reset, timed out): try again later. */
function isNetworkError(error: ConnectorErrorShape): boolean {
  return (
    typeof error.code === "string" &&
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|REQUEST_SEND_ERROR)$/.test(error.code)
  );
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 200);
  return String(error).slice(0, 200);
}
