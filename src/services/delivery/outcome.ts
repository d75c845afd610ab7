import type { Adapter, Delivery } from "../../contract.js";
import { setReachable } from "../../domain/identities.js";
import { holdForApp, markFailed, markSent, type OutboxRow, retryLater } from "../../domain/outbox.js";
import type { CoreContext } from "../context.js";

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

export function retryPolicy(config: CoreContext["config"]): RetryPolicy {
  return {
    maxAttempts: config.DELIVERY_MAX_ATTEMPTS,
    baseMs: config.DELIVERY_RETRY_BASE_MS,
    maxMs: config.DELIVERY_RETRY_MAX_MS,
  };
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries of a burst spread out. */
export function backoffMs(attempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Sends a row: a new message, or an update of an earlier one where the row says so. */
export async function deliverRow(adapter: Adapter, row: OutboxRow): Promise<Delivery> {
  if (!row.updateOf) return adapter.send(row.to, row.reply);
  if (!adapter.update) return { ok: false, reason: "invalid", retryable: false, detail: "platform cannot update" };
  return adapter.update(row.to, row.updateOf, row.reply);
}

/** `paused`: the app itself was refused (revoked token): the row waits as it was, the platform's sends pause. */
export type Outcome = "sent" | "rate_limited" | "paused" | "retry" | "failed";

/** Records what the platform answered; the one place that decides retry, give up, or unreachable. */
export function recordOutcome(
  ctx: CoreContext,
  row: OutboxRow,
  result: Delivery,
  policy: RetryPolicy = retryPolicy(ctx.config),
  random: () => number = Math.random,
): Outcome {
  const now = ctx.clock.now();
  if (result.ok) {
    markSent(ctx.db, row.id, result.messageId, now);
    return "sent";
  }
  if (result.reason === "rate_limited") {
    retryLater(ctx.db, row.id, now + result.retryAfterMs, "rate_limited", false);
    return "rate_limited";
  }
  if (result.reason === "unauthorized") {
    // Not the member's fault and not the message's: no attempt counted, nobody marked unreachable.
    holdForApp(ctx.db, row.id, `unauthorized: ${result.detail}`);
    return "paused";
  }
  const failure = `${result.reason}: ${result.detail}`;
  if (result.retryable && row.attempts + 1 < policy.maxAttempts) {
    retryLater(ctx.db, row.id, now + backoffMs(row.attempts, policy, random), failure);
    return "retry";
  }
  markFailed(ctx.db, row.id, failure);
  if (result.reason === "blocked" && row.to.user) setReachable(ctx.db, row.to.platform, row.to.user, false);
  return "failed";
}
