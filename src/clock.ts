/** Time as the core sees it; tests pass a controllable clock. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that only moves when told to: for tests and simulations. Its time lives in shared memory, so a thread
 * running the core (adapters/core-thread) reads the very time the test set: `ManualClock.reading(clock.cell)`.
 */
export class ManualClock implements Clock {
  /** One float64: an aligned 8-byte cell is written whole, and a turn is posted to the thread after any set. */
  private readonly time: Float64Array;

  constructor(start: number, cell = new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT)) {
    this.time = new Float64Array(cell);
    if (!Number.isNaN(start)) this.time[0] = start;
  }

  /** A clock on another thread that follows this one's cell (it is only read there). */
  static reading(cell: SharedArrayBuffer): ManualClock {
    return new ManualClock(Number.NaN, cell);
  }

  get cell(): SharedArrayBuffer {
    return this.time.buffer as SharedArrayBuffer;
  }

  now(): number {
    return this.time[0] ?? 0;
  }
  set(epochMs: number): void {
    this.time[0] = epochMs;
  }
  advance(ms: number): void {
    this.time[0] = this.now() + ms;
  }
}
