import type { CoreConfig } from "../config.js";
import type { Platform } from "../contract.js";
import { Spacing } from "./spacing.js";

/** A platform's limits: one rate for the whole workspace/tenant, one per conversation (channel, DM). */
export interface PlatformLimits {
  ratePerSecond: number;
  conversationRatePerSecond: number;
}

/**
 * Aim a little under the limit: requests arrive at the platform with some jitter, and a 429 costs a whole
 * Retry-After pause.
 */
export const headroom = 0.97;

export function platformLimits(config: CoreConfig, platform: Platform): PlatformLimits {
  switch (platform) {
    case "teams":
      return {
        ratePerSecond: config.TEAMS_RATE_PER_SECOND,
        conversationRatePerSecond: config.TEAMS_CONVERSATION_RATE_PER_SECOND,
      };
    case "slack":
      return {
        ratePerSecond: config.SLACK_RATE_PER_SECOND,
        conversationRatePerSecond: config.SLACK_CHANNEL_RATE_PER_SECOND,
      };
    default:
      return { ratePerSecond: 1000, conversationRatePerSecond: 1000 };
  }
}

/** Hands out send moments that respect the platform-wide and the per-conversation rate. */
export class Pacer {
  private readonly platformWindow: Spacing;
  private readonly conversations = new Map<string, Spacing>();

  constructor(private readonly limits: PlatformLimits) {
    this.platformWindow = Spacing.perSecond(limits.ratePerSecond * headroom);
  }

  /** Reserves the earliest allowed moment for a message to `conversation`. */
  reserve(conversation: string, now: number): number {
    let window = this.conversations.get(conversation);
    if (!window) {
      if (this.conversations.size > 10_000) this.forgetIdle(now);
      window = Spacing.perSecond(this.limits.conversationRatePerSecond * headroom);
      this.conversations.set(conversation, window);
    }
    const at = Math.max(this.platformWindow.earliest(now), window.earliest(now));
    this.platformWindow.commit(at);
    window.commit(at);
    return at;
  }

  private forgetIdle(now: number): void {
    for (const [key, window] of this.conversations) if (window.idle(now)) this.conversations.delete(key);
  }
}
