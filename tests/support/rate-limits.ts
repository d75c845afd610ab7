import { Window } from "./fake-platform.js";

// Platform limits for the fakes of Slack's Web API and the Bot Framework connector: a workspace/tenant-wide and a
// per-conversation rate over sliding one-second windows, optionally longer windows per conversation (Teams: 8 per
// 2 s, 60 per 30 s, 1,800 an hour), 429 with Retry-After beyond them, and a count of what each recipient was really
// given (so a benchmark can count duplicates and losses on the platform's side).

export interface RateWindowLimit {
  limit: number;
  perMs: number;
}

export interface RateLimits {
  ratePerSecond: number;
  conversationRatePerSecond: number;
  /** Longer sliding windows per conversation, beside the per-second rate. */
  conversationWindows?: RateWindowLimit[];
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
  private readonly conversations = new Map<string, Window[]>();
  private readonly received = new Map<string, number>();
  private requests = 0;
  private tooMany = 0;
  private accepted = 0;
  private firstAcceptedAt = 0;
  private lastAcceptedAt = 0;

  constructor(private readonly limits: RateLimits) {
    this.platform = new Window(limits.ratePerSecond);
  }

  private windowsOf(conversation: string): Window[] {
    let windows = this.conversations.get(conversation);
    if (!windows) {
      windows = [
        new Window(this.limits.conversationRatePerSecond),
        ...(this.limits.conversationWindows ?? []).map((w) => new Window(w.limit, w.perMs)),
      ];
      this.conversations.set(conversation, windows);
    }
    return windows;
  }

  /** Counts a request; the Retry-After seconds to answer with when it is over a limit, else undefined. */
  check(conversation: string, now = Date.now()): number | undefined {
    this.requests++;
    const windows = this.windowsOf(conversation);
    // As on the fake platform: a request the conversation refuses still used the workspace-wide capacity.
    if (this.platform.admit(now) && !windows.some((w) => w.full(now))) {
      for (const w of windows) w.record(now);
      return undefined;
    }
    this.tooMany++;
    return this.limits.retryAfterSeconds ?? 1;
  }

  /** A request answered 429 for another reason (the platform under load): counted as one over the limits. */
  refused(): void {
    this.requests++;
    this.tooMany++;
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

/** Several limiters' counts as one (what a benchmark of one workspace reads). */
export function sumStats(each: LimitStats[]): LimitStats {
  const sum = (key: "requests" | "tooMany" | "accepted" | "recipients" | "duplicates") =>
    each.reduce((n, s) => n + s[key], 0);
  const firsts = each.map((s) => s.firstAcceptedAt).filter((t) => t > 0);
  return {
    requests: sum("requests"),
    tooMany: sum("tooMany"),
    accepted: sum("accepted"),
    recipients: sum("recipients"),
    duplicates: sum("duplicates"),
    firstAcceptedAt: firsts.length ? Math.min(...firsts) : 0,
    lastAcceptedAt: Math.max(0, ...each.map((s) => s.lastAcceptedAt)),
  };
}
