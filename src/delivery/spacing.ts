/**
 * Evenly spaced starts: one every `intervalMs`, never in bursts. Platforms count requests in sliding windows and
 * requests reach them with some jitter; even spacing keeps every window under the limit with the least margin.
 */
export class Spacing {
  private last = Number.NEGATIVE_INFINITY;

  constructor(readonly intervalMs: number) {}

  static perSecond(rate: number): Spacing {
    return new Spacing(1000 / rate);
  }

  /** The earliest moment at or after `now` the next start is allowed. */
  earliest(now: number): number {
    return Math.max(now, this.last + this.intervalMs);
  }

  commit(at: number): void {
    this.last = at;
  }

  /** Nothing started for a whole interval: the state can be dropped. */
  idle(now: number): boolean {
    return this.last + this.intervalMs <= now;
  }
}
