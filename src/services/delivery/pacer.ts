import type { Clock } from "../../clock.js";
import type { PlatformRates } from "../../contract.js";
import { Spacing } from "./spacing.js";

/**
 * Aim a little under the limit: requests arrive at the platform with some jitter, and a 429 costs a whole
 * Retry-After pause.
 */
const headroom = 0.97;

/**
 * Lets sends start one at a time, spaced to the platform-wide and the per-conversation rate. Spacing is measured
 * from when the previous send really started, so a late timer (a busy event loop) never lets sends bunch up.
 */
export class Pacer {
  private readonly platformSpacing: Spacing;
  private readonly conversations = new Map<string, Spacing>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly rates: PlatformRates,
    private readonly clock: Clock,
  ) {
    this.platformSpacing = Spacing.perSecond(rates.ratePerSecond * headroom);
  }

  /**
   * Resolves true when a message to `conversation` may start; `blockedUntil` adds a pause (Retry-After).
   * Resolves false as soon as `cancelled()` says so (the dispatcher is stopping). Without a conversation (opening
   * one: first contact) only the platform-wide rate applies.
   */
  acquire(conversation: string | undefined, blockedUntil: () => number, cancelled: () => boolean): Promise<boolean> {
    const turn = this.queue.then(async () => {
      for (;;) {
        if (cancelled()) return false;
        const now = this.clock.now();
        const spacing = conversation === undefined ? undefined : this.conversation(conversation, now);
        const at = Math.max(this.platformSpacing.earliest(now), spacing?.earliest(now) ?? now, blockedUntil());
        if (at <= now) {
          this.platformSpacing.commit(now);
          spacing?.commit(now);
          return true;
        }
        // Short naps, so a stop is noticed during a long Retry-After pause.
        await new Promise((resolve) => setTimeout(resolve, Math.min(at - now, 250)));
      }
    });
    this.queue = turn.then(() => undefined);
    return turn;
  }

  private conversation(key: string, now: number): Spacing {
    let spacing = this.conversations.get(key);
    if (!spacing) {
      if (this.conversations.size > 10_000) {
        for (const [k, s] of this.conversations) if (s.idle(now)) this.conversations.delete(k);
      }
      spacing = Spacing.perSecond(this.rates.conversationRatePerSecond * headroom);
      this.conversations.set(key, spacing);
    }
    return spacing;
  }
}
