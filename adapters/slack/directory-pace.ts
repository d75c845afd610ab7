import { setTimeout as sleep } from "node:timers/promises";

/**
 * Spaces calls of one method evenly at `callsPerMinute`, and holds them back for a Retry-After. Waiting ends early
 * (false) when the signal aborts, so a stopping bot never waits out a pause.
 */
export class Pace {
  private nextAt = 0;
  private readonly intervalMs: number;

  constructor(
    callsPerMinute: number,
    private readonly signal?: AbortSignal,
  ) {
    this.intervalMs = 60_000 / callsPerMinute;
  }

  /** Waits for the next call's turn and takes it; false when aborted. */
  async turn(): Promise<boolean> {
    // Timers may fire a little early by the wall clock: wait until the turn has really come.
    for (let wait = this.nextAt - Date.now(); wait > 0; wait = this.nextAt - Date.now()) {
      if (!(await this.sleep(wait))) return false;
    }
    if (this.signal?.aborted) return false;
    this.nextAt = Date.now() + this.intervalMs;
    return true;
  }

  /** Slack answered 429: nothing before Retry-After has passed. */
  retryAfter(seconds: number): void {
    this.nextAt = Math.max(this.nextAt, Date.now() + seconds * 1000);
  }

  private async sleep(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, this.signal ? { signal: this.signal } : {});
      return true;
    } catch {
      return false;
    }
  }
}
