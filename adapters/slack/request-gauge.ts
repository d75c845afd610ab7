import type { ServerResponse } from "node:http";

/** How long after the last request arrived a burst counts as still going on. */
const burstQuietMs = 50;

/**
 * Tells the work lane whether Slack requests are arriving: while one is unanswered, or one arrived less than
 * `burstQuietMs` ago, the lane runs one task at a time, so under a burst the acks go first and the sign-ups, DMs and
 * files follow. When the burst is over it says so once, and the lane speeds up again.
 */
export class RequestGauge {
  private open = 0;
  private lastArrival = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private readonly quietListeners: (() => void)[] = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** A request arrived; it counts until its response is finished or the connection closes. */
  enter(res: ServerResponse): void {
    this.open++;
    this.lastArrival = this.now();
    res.once("close", () => {
      this.open--;
      this.scheduleQuiet();
    });
  }

  get busy(): boolean {
    return this.open > 0 || this.now() - this.lastArrival < burstQuietMs;
  }

  onQuiet(listener: () => void): void {
    this.quietListeners.push(listener);
  }

  private scheduleQuiet(): void {
    if (this.timer || this.open > 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.busy) this.scheduleQuiet();
      else for (const listener of this.quietListeners) listener();
    }, burstQuietMs);
    this.timer.unref();
  }
}
