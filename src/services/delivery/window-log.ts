import type { RateWindow } from "../../contract.js";

/**
 * Sliding-window limits (at most `limit` starts in any `perMs`): the start times within the longest window, oldest
 * first. Only conversations that really get many messages hold many entries; a broadcast's hold one each.
 */
export class WindowLog {
  private readonly starts: number[] = [];
  private readonly longestMs: number;

  constructor(private readonly windows: readonly RateWindow[]) {
    this.longestMs = Math.max(0, ...windows.map((w) => w.perMs));
  }

  /** The earliest moment at or after `now` a start keeps every window within its limit. */
  earliest(now: number): number {
    this.forget(now);
    let at = now;
    for (const { limit, perMs } of this.windows) {
      const inWindow = this.countSince(now - perMs);
      // Full: the start `limit` places back must leave the window first.
      if (inWindow >= limit) at = Math.max(at, (this.starts[this.starts.length - limit] ?? now) + perMs);
    }
    return at;
  }

  commit(now: number): void {
    if (this.windows.length) this.starts.push(now);
  }

  /** No start within the longest window: the state can be dropped. */
  idle(now: number): boolean {
    this.forget(now);
    return this.starts.length === 0;
  }

  private forget(now: number): void {
    let drop = 0;
    while (drop < this.starts.length && (this.starts[drop] ?? 0) <= now - this.longestMs) drop++;
    if (drop) this.starts.splice(0, drop);
  }

  private countSince(from: number): number {
    let n = 0;
    for (let i = this.starts.length - 1; i >= 0 && (this.starts[i] ?? 0) > from; i--) n++;
    return n;
  }
}
