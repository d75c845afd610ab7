import type { Logger } from "../../src/log.js";

/**
 * Runs the work that follows an ack (the core, then Web API calls) one task per event-loop turn, so that under
 * a burst every waiting request is acknowledged before earlier clicks are worked off: Slack's 3-second ack
 * window is never spent on someone else's sign-up. Bounded: past `max` waiting tasks, work runs at once
 * (back-pressure instead of an ever-growing backlog that would outlive Slack's trigger ids).
 */
export class WorkQueue {
  private readonly waiting: (() => Promise<void>)[] = [];
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly log: Logger,
    private readonly concurrency = 8,
    // About a second of work at the measured pace: a longer backlog would let trigger_ids (valid 3 s) expire
    // before their modal opens, so past it the work runs at once and slows the acks instead.
    private readonly max = 200,
    /** While this says so (a burst of requests waiting for their acks), `burstConcurrency` instead of `concurrency`. */
    private readonly yieldToRequests: () => boolean = () => false,
    private readonly burstConcurrency = 2,
  ) {}

  /** The burst is over: start what waited for it. */
  resume(): void {
    while (this.waiting.length && this.running < this.concurrency) this.pump();
  }

  push(task: () => Promise<void>): void {
    if (this.waiting.length >= this.max) {
      void this.run(task);
      return;
    }
    this.waiting.push(task);
    setImmediate(() => this.pump());
  }

  /** Resolves when nothing is waiting or running (shutdown, tests). */
  idle(): Promise<void> {
    if (!this.running && !this.waiting.length) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    const limit = this.yieldToRequests() ? this.burstConcurrency : this.concurrency;
    if (this.running >= limit) return;
    const task = this.waiting.shift();
    if (task) void this.run(task);
  }

  private async run(task: () => Promise<void>): Promise<void> {
    this.running++;
    try {
      await task();
    } catch (error) {
      this.log.error({ err: error instanceof Error ? error.name : "unknown" }, "slack work failed");
    } finally {
      this.running--;
      if (this.waiting.length) setImmediate(() => this.pump());
      else if (!this.running) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }
}
