import type { Adapter } from "../../contract.js";
import type { CoreContext } from "../context.js";
import { Dispatcher } from "./dispatcher.js";

/** No pacing: the memory adapter and test fakes count no rates. */
const unpaced = { ratePerSecond: Number.POSITIVE_INFINITY, conversationRatePerSecond: Number.POSITIVE_INFINITY };

/**
 * Sends what is due now for one platform, one at a time, through the same Dispatcher the running bot uses (the
 * same claim, retry, pause-on-refusal and recording), then stops it: for tests and scripts with a manual clock.
 * Stops early when a workspace refuses the app or is held (the rest waits as it was). Returns how many messages got an
 * answer that was recorded (sent, retried, failed, rate limited), so `while (await drainOnce(…)) {}` ends.
 */
export async function drainOnce(ctx: CoreContext, adapter: Adapter): Promise<number> {
  // A probe every "never": after a refusal this drain ends instead of waiting to try again.
  const dispatcher = new Dispatcher(ctx, adapter, {
    rates: unpaced,
    maxInFlight: 1,
    idleMs: 1,
    probeEveryMs: Number.MAX_SAFE_INTEGER,
  });
  dispatcher.start();
  try {
    while (dispatcher.stats.inFlight > 0 || dispatcher.sendableNow()) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await dispatcher.stop();
  }
  const { sent, retried, failed, rateLimited } = dispatcher.stats;
  return sent + retried + failed + rateLimited;
}
