/**
 * Evenly spaced starts: one every `intervalMs`, never in bursts. Platforms count requests in sliding windows and
 * requests reach them with some jitter; even spacing keeps every window under the limit with the least margin.
 * A start that came late (timers fire late on a busy event loop) may be made up for by at most `catchUpMs`, so the
 * achieved rate stays close to the allowed one without bunching.
 */
export class Spacing {
  /** When the next start is due (the theoretical arrival time). */
  private next = Number.NEGATIVE_INFINITY;

  constructor(
    readonly intervalMs: number,
    readonly catchUpMs = 10,
  ) {}

  static perSecond(rate: number): Spacing {
    return new Spacing(1000 / rate);
  }

  /** The earliest moment at or after `now` the next start is allowed. */
  earliest(now: number): number {
    return Math.max(now, this.next);
  }

  /** Records a start at `now` (at or after `earliest`). */
  commit(now: number): void {
    this.next = Math.max(this.next, now - this.catchUpMs) + this.intervalMs;
  }

  /** Nothing due for a while: the state can be dropped. */
  idle(now: number): boolean {
    return this.next + this.catchUpMs <= now;
  }
}
