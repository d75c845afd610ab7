import type { Logger } from "../../src/log.js";

/**
 * Runs the work that follows an ack (the core, then Web API calls) one task start per event-loop turn, with bounded
 * concurrency, and gives way to requests: while one waits for its ack (`held`), no task starts unless it has waited
 * `holdMs` already. So under a burst every request is acknowledged first, at bare Bolt's pace, and the sign-ups and
 * replies follow when the requests pause; a burst that never pauses still gets its work done, `holdMs` late and at
 * `burstConcurrency`. Bounded: past `max` waiting tasks, work runs at once (back-pressure instead of a backlog that
 * would outlive Slack's trigger ids).
 */
export interface WorkQueueOptions {
  concurrency?: number;
  max?: number;
  /** While this says so (a burst of requests), `burstConcurrency` instead of `concurrency`. */
  busy?: () => boolean;
  burstConcurrency?: number;
  /** While this says so (a request is waiting for its ack), a task starts only after `holdMs` in the queue. */
  held?: () => boolean;
  holdMs?: number;
  now?: () => number;
}

interface Waiting {
  task: () => Promise<void>;
  at: number;
}

export class WorkQueue {
  private readonly waiting: Waiting[] = [];
  private head = 0;
  private running = 0;
  private idleWaiters: (() => void)[] = [];
  private scheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly options: Required<WorkQueueOptions>;

  constructor(
    private readonly log: Logger,
    options: WorkQueueOptions = {},
  ) {
    this.options = {
      concurrency: 8,
      max: 200,
      busy: () => false,
      burstConcurrency: 2,
      held: () => false,
      holdMs: 0,
      now: () => performance.now(),
      ...options,
    };
  }

  /** The requests were answered: start what waited for them. */
  resume(): void {
    this.schedule();
  }

  push(task: () => Promise<void>): void {
    if (this.size >= this.options.max) {
      void this.run(task);
      return;
    }
    this.waiting.push({ task, at: this.options.now() });
    this.schedule();
  }

  /** Resolves when nothing is waiting or running (shutdown, tests). */
  idle(): Promise<void> {
    if (!this.running && !this.size) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private get size(): number {
    return this.waiting.length - this.head;
  }

  /** One pump per event-loop turn: between two task starts the server reads (and acks) what has arrived. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    const { busy, burstConcurrency, concurrency, held, holdMs, now } = this.options;
    if (this.running >= (busy() ? burstConcurrency : concurrency)) return;
    const first = this.waiting[this.head];
    if (!first) return;
    const waited = now() - first.at;
    if (waited < holdMs && held()) {
      // Acks first: `resume` (the requests were answered) or the oldest task's hold running out starts it.
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.schedule();
      }, holdMs - waited).unref();
      return;
    }
    this.head++;
    // Drop the taken part when the queue empties, and now and then under a backlog (a shift per task would copy the
    // whole backlog each time): taken tasks must not keep their requests alive.
    if (!this.size || (this.head > 1024 && this.head * 2 > this.waiting.length)) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
    void this.run(first.task);
    if (this.size) this.schedule();
  }

  private async run(task: () => Promise<void>): Promise<void> {
    this.running++;
    try {
      await task();
    } catch (error) {
      this.log.error({ err: error instanceof Error ? error.name : "unknown" }, "slack work failed");
    } finally {
      this.running--;
      if (this.size) this.schedule();
      else if (!this.running) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }
}
