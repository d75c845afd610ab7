import type { Clock } from "../../clock.js";
import type { PlatformRates } from "../../contract.js";
import { Spacing } from "./spacing.js";
import { WindowLog } from "./window-log.js";

/**
 * Aim a little under the limit: requests arrive at the platform with some jitter, and a 429 costs a whole
 * Retry-After pause.
 */
const headroom = 0.97;

/** A conversation's pace: its per-second spacing, its longer windows and its own Retry-After. */
class ConversationPace {
  readonly spacing: Spacing;
  readonly windows: WindowLog;
  blockedUntil = 0;

  constructor(rates: PlatformRates) {
    this.spacing = Spacing.perSecond(rates.conversationRatePerSecond * headroom);
    this.windows = new WindowLog(rates.conversationWindows ?? []);
  }

  earliest(now: number): number {
    return Math.max(this.spacing.earliest(now), this.windows.earliest(now), this.blockedUntil);
  }

  commit(now: number): void {
    this.spacing.commit(now);
    this.windows.commit(now);
  }

  idle(now: number): boolean {
    return this.spacing.idle(now) && this.windows.idle(now) && this.blockedUntil <= now;
  }
}

/** A conversation that must wait longer than this gives its place up (the row waits in the outbox instead). */
const longWaitMs = 1_000;

/** `go`: start now; `cancelled`: stopping or the app refused; `later`: the conversation waits until then. */
export type Slot = "go" | "cancelled" | { later: number };

/**
 * One workspace's pace (a Slack team, a Teams tenant): sends start one at a time, spaced to the workspace-wide
 * rate and to each conversation's rate and windows. Spacing is measured from when the previous send really
 * started, so a late timer (a busy event loop) never lets sends bunch up.
 */
export class Pacer {
  private readonly workspaceSpacing: Spacing;
  private readonly conversations = new Map<string, ConversationPace>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly rates: PlatformRates,
    private readonly clock: Clock,
  ) {
    this.workspaceSpacing = Spacing.perSecond(rates.ratePerSecond * headroom);
  }

  /**
   * Resolves "go" when a message to `conversation` may start; `blockedUntil` adds the workspace's pause
   * (Retry-After). "cancelled" as soon as `cancelled()` says so (stopping, the app refused). A conversation that
   * must wait long (its own Retry-After, a full 30-second window) answers `later` at once: one busy chat never
   * holds up the workspace. Without a conversation (opening one: first contact) only the workspace rate applies.
   */
  acquire(conversation: string | undefined, blockedUntil: () => number, cancelled: () => boolean): Promise<Slot> {
    const turn = this.queue.then(async (): Promise<Slot> => {
      for (;;) {
        if (cancelled()) return "cancelled";
        const now = this.clock.now();
        const pace = conversation === undefined ? undefined : this.conversation(conversation, now);
        const own = pace?.earliest(now) ?? now;
        if (own - now > longWaitMs) return { later: own };
        const at = Math.max(this.workspaceSpacing.earliest(now), own, blockedUntil());
        if (at <= now) {
          this.workspaceSpacing.commit(now);
          pace?.commit(now);
          return "go";
        }
        // Short naps, so a stop is noticed during a long Retry-After pause.
        await new Promise((resolve) => setTimeout(resolve, Math.min(at - now, 250)));
      }
    });
    this.queue = turn.then(() => undefined);
    return turn;
  }

  /** A 429 for one conversation: no send starts there before `until`; the workspace goes on. */
  blockConversation(conversation: string, until: number): void {
    const pace = this.conversation(conversation, this.clock.now());
    pace.blockedUntil = Math.max(pace.blockedUntil, until);
  }

  private conversation(key: string, now: number): ConversationPace {
    let pace = this.conversations.get(key);
    if (!pace) {
      if (this.conversations.size > 10_000) {
        for (const [k, p] of this.conversations) if (p.idle(now)) this.conversations.delete(k);
      }
      pace = new ConversationPace(this.rates);
      this.conversations.set(key, pace);
    }
    return pace;
  }
}
