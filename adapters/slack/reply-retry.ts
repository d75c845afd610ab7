import { type FailedDelivery, isTransient } from "../../src/services/delivery/failure-kinds.js";
import { deliveryFromError } from "./errors.js";

// Replies to a member's own action: a transient failure (an outage, a rate limit) is tried again a few times with
// backoff, in the moment; what still fails transiently is handed back so the caller can queue it in the outbox.

export interface RetryPolicy {
  attempts: number;
  /** Wait before attempt n + 1 (n from 0). */
  backoffMs: (attempt: number) => number;
  /** A Retry-After longer than this is not waited out here: the outbox waits it out instead. */
  maxWaitMs: number;
}

/** About 1.3 s at most: long enough for a blip, short enough not to hold a work lane. */
const replyRetry: RetryPolicy = { attempts: 3, backoffMs: (n) => 250 * 4 ** n, maxWaitMs: 2000 };

type Failed = FailedDelivery;

/** A reply step that failed for good (here): the outcome, and whether the outbox may still get it through. */
export class ReplyFailure extends Error {
  constructor(
    readonly outcome: Failed,
    readonly transient: boolean,
  ) {
    super(`reply not delivered: ${outcome.reason}`);
    this.name = "ReplyFailure";
  }

  /** How long the outbox should wait first. */
  get afterMs(): number {
    return this.outcome.reason === "rate_limited" ? this.outcome.retryAfterMs : 0;
  }
}

/** A call that ran into the client's timeout may still have gone through: no second try in the moment. */
function timedOut(error: unknown): boolean {
  const original = (error as { original?: { name?: unknown } } | null)?.original;
  return original?.name === "TimeoutError" || (error as { name?: unknown } | null)?.name === "TimeoutError";
}

/** Translates what a reply step threw: Web API errors in errors.ts; response_url posts (Bolt's respond) here. */
export function outcomeOf(error: unknown): Failed {
  if (error instanceof ReplyFailure) return error.outcome;
  const status = (error as { code?: unknown; statusCode?: unknown } | null)?.statusCode;
  if ((error as { code?: unknown } | null)?.code === "slack_bolt_respond_error" && typeof status === "number") {
    if (status === 429) return { ok: false, reason: "rate_limited", retryAfterMs: 1000 };
    const retryable = status >= 500 || status === 408;
    return { ok: false, reason: retryable ? "unavailable" : "invalid", retryable, detail: `respond_${status}` };
  }
  if (timedOut(error)) return { ok: false, reason: "unavailable", retryable: true, detail: "timeout" };
  try {
    const outcome = deliveryFromError(error);
    return outcome.ok ? { ok: false, reason: "invalid", retryable: false, detail: "unexpected" } : outcome;
  } catch {
    // fetch failing outright (respond to an unreachable response_url) is transient; anything else is a bug here.
    const fetchFailed = error instanceof TypeError && error.message === "fetch failed";
    const name = error instanceof Error ? error.name : "unknown";
    return { ok: false, reason: "unavailable", retryable: fetchFailed, detail: fetchFailed ? "fetch_failed" : name };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs one step; again after a backoff while the outcome is transient. Throws a ReplyFailure when it gives up. */
export async function withRetry<T>(step: () => Promise<T>, policy: RetryPolicy = replyRetry): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const outcome = outcomeOf(error);
      const transient = isTransient(outcome);
      const wait = outcome.reason === "rate_limited" ? outcome.retryAfterMs : policy.backoffMs(attempt);
      const last = attempt + 1 >= policy.attempts || wait > policy.maxWaitMs || timedOut(error);
      if (!transient || last) throw new ReplyFailure(outcome, transient);
      await sleep(wait);
    }
  }
}

/** Gives up on a step that takes longer than `ms` (for calls without a client timeout, such as response_url posts). */
export function within<T>(ms: number, step: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("step timed out"), { name: "TimeoutError" })), ms);
  });
  return Promise.race([step, timeout]).finally(() => clearTimeout(timer));
}
