import type { Delivery } from "../../src/contract.js";

// The one place where Bot Framework connector errors become the core's delivery outcomes.
// botbuilder's connector client retries a 429 itself (honouring Retry-After, 1 + 3 attempts; its options to turn
// that off are overwritten by ConnectorFactoryImpl). A 429 that reaches us means those retries are spent, so the
// outbox waits the Retry-After of the last answer (tests/teams/flows.test.ts counts the attempts).

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

/** Translates whatever a connector call threw into a Delivery. */
export function deliveryFromError(error: unknown, now = Date.now()): Delivery {
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
