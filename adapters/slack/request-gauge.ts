import type { ServerResponse } from "node:http";

/** How long after the last request arrived a burst counts as still going on. */
const burstQuietMs = 50;

/**
 * Tells the lanes after the acks about the Slack requests arriving: `waiting` while one is unanswered (the lanes
 * start nothing then, so the ack goes first), `busy` while one is unanswered or arrived less than `burstQuietMs`
 * ago (the work lane runs fewer tasks at once). When the last waiting request is answered it says so (`onAnswered`),
 * and again when the burst is over (`onQuiet`), so the lanes start what waited.
 */
export class RequestGauge {
  private open = 0;
  private lastArrival = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private readonly quietListeners: (() => void)[] = [];
  private readonly answeredListeners: (() => void)[] = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** A request arrived; it counts until its response is finished or the connection closes. */
  enter(res: ServerResponse): void {
    this.open++;
    this.lastArrival = this.now();
    res.once("close", () => {
      this.open--;
      if (!this.open) for (const listener of this.answeredListeners) listener();
      this.scheduleQuiet();
    });
  }

  get waiting(): boolean {
    return this.open > 0;
  }

  get busy(): boolean {
    return this.open > 0 || this.now() - this.lastArrival < burstQuietMs;
  }

  onAnswered(listener: () => void): void {
    this.answeredListeners.push(listener);
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
