import type { Adapter } from "../../contract.js";
import { due } from "../../domain/outbox.js";
import type { CoreContext } from "../context.js";
import { deliverRow, recordOutcome } from "./outcome.js";

export { backoffMs } from "./outcome.js";

/**
 * Sends what is due for one platform, one at a time, without pacing: for tests and scripts with the memory
 * adapter. The running bot uses the paced Dispatcher, which records outcomes the same way.
 */
export async function drainOnce(ctx: CoreContext, adapter: Adapter, limit = 100): Promise<number> {
  const rows = due(ctx.db, adapter.platform, ctx.clock.now(), limit);
  for (const [index, row] of rows.entries()) {
    const outcome = recordOutcome(ctx, row, await deliverRow(adapter, row));
    if (outcome === "rate_limited") break;
    // The platform refused the app: the rest waits too; counting only what was done ends a caller's drain loop.
    if (outcome === "paused") return index;
  }
  return rows.length;
}
