import type { Adapter } from "../contract.js";
import { setReachable } from "../domain/members.js";
import type { CoreContext } from "../services/context.js";
import { due, markFailed, markSent, retryLater } from "./outbox.js";

/** Backoff for retryable failures: 2 s, 4 s, 8 s… up to 5 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(300_000, 2_000 * 2 ** Math.max(0, attempts));
}

export const maxAttempts = 8;

/**
 * Sends what is due for one platform, one at a time, and records each outcome. The paced, concurrent
 * dispatcher builds on the same outcome handling.
 */
export async function drainOnce(ctx: CoreContext, adapter: Adapter, limit = 100): Promise<number> {
  const rows = due(ctx.db, adapter.platform, ctx.clock.now(), limit);
  for (const row of rows) {
    const result = await adapter.send(row.to, row.reply);
    const now = ctx.clock.now();
    if (result.ok) markSent(ctx.db, row.id, result.messageId, now);
    else if (result.reason === "rate_limited") {
      retryLater(ctx.db, row.id, now + result.retryAfterMs, "rate_limited");
      break;
    } else if (result.retryable && row.attempts + 1 < maxAttempts) {
      retryLater(ctx.db, row.id, now + backoffMs(row.attempts), `${result.reason}: ${result.detail}`);
    } else {
      markFailed(ctx.db, row.id, `${result.reason}: ${result.detail}`);
      if (result.reason === "blocked" && row.to.user) setReachable(ctx.db, adapter.platform, row.to.user, false);
    }
  }
  return rows.length;
}
