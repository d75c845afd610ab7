import { Window } from "./fake-platform.js";

// Platform limits for the fakes of Slack's Web API and the Bot Framework connector: a workspace/tenant-wide and a
// per-conversation rate over sliding one-second windows, 429 with Retry-After beyond them, and a count of what
// each recipient was really given (so a benchmark can count duplicates and losses on the platform's side).

export interface RateLimits {
  ratePerSecond: number;
  conversationRatePerSecond: number;
  retryAfterSeconds?: number;
}

export interface LimitStats {
  requests: number;
  tooMany: number;
  accepted: number;
  recipients: number;
  duplicates: number;
  firstAcceptedAt: number;
  lastAcceptedAt: number;
}

export class RateLimiter {
  private readonly platform: Window;
  private readonly conversations = new Map<string, Window>();
  private readonly received = new Map<string, number>();
  private requests = 0;
  private tooMany = 0;
  private accepted = 0;
  private firstAcceptedAt = 0;
  private lastAcceptedAt = 0;

  constructor(private readonly limits: RateLimits) {
    this.platform = new Window(limits.ratePerSecond);
  }

  /** Counts a request; the Retry-After seconds to answer with when it is over a limit, else undefined. */
  check(conversation: string, now = Date.now()): number | undefined {
    this.requests++;
    let window = this.conversations.get(conversation);
    if (!window) {
      window = new Window(this.limits.conversationRatePerSecond);
      this.conversations.set(conversation, window);
    }
    // As on the fake platform: a request the conversation refuses still used the workspace-wide capacity.
    if (this.platform.admit(now) && window.admit(now)) return undefined;
    this.tooMany++;
    return this.limits.retryAfterSeconds ?? 1;
  }

  /** A message was delivered to `recipient`. */
  deliveredTo(recipient: string, now = Date.now()): void {
    this.accepted++;
    if (!this.firstAcceptedAt) this.firstAcceptedAt = now;
    this.lastAcceptedAt = now;
    this.received.set(recipient, (this.received.get(recipient) ?? 0) + 1);
  }

  stats(): LimitStats {
    return {
      requests: this.requests,
      tooMany: this.tooMany,
      accepted: this.accepted,
      recipients: this.received.size,
      duplicates: this.accepted - this.received.size,
      firstAcceptedAt: this.firstAcceptedAt,
      lastAcceptedAt: this.lastAcceptedAt,
    };
  }
}
