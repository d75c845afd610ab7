import { type Clock, systemClock } from "../clock.js";
import type { Adapter } from "../contract.js";
import type { CoreContext } from "../services/context.js";
import { whenNotBusy } from "../storage/busy-retry.js";
import { claim, nextDueAt, type OutboxRow, release, requeueInFlight } from "./outbox.js";
import { deliverRow, type Outcome, type RetryPolicy, recordOutcome, retryPolicy } from "./outcome.js";
import { Pacer, type PlatformLimits, platformLimits } from "./pacer.js";

export interface DispatcherOptions {
  limits?: PlatformLimits;
  maxInFlight?: number;
  retry?: RetryPolicy;
  /** Longest sleep when nothing is due; `wake()` ends it early. */
  idleMs?: number;
  /** Real time for pacing and Retry-After pauses (the context's clock may be a test's manual clock). */
  pacingClock?: Clock;
}

/** What a benchmark or an operator wants to know; counted since start. */
export interface DispatcherStats {
  requests: number;
  sent: number;
  rateLimited: number;
  retried: number;
  failed: number;
  inFlight: number;
  peakInFlight: number;
  firstSendAt?: number;
  lastSendAt?: number;
}

/**
 * Drains one platform's outbox at the pace the platform allows: a bounded number in flight, paced per
 * workspace/tenant and per conversation, the whole platform paused for Retry-After on a 429, transient failures
 * retried with backoff. Rows claimed but unfinished at a crash are re-queued by the next `start()`.
 */
export class Dispatcher {
  readonly stats: DispatcherStats = {
    requests: 0,
    sent: 0,
    rateLimited: 0,
    retried: 0,
    failed: 0,
    inFlight: 0,
    peakInFlight: 0,
  };
  private readonly pacer: Pacer;
  private readonly maxInFlight: number;
  private readonly retry: RetryPolicy;
  private readonly idleMs: number;
  private readonly realTime: Clock;
  private pausedUntil = 0;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly ctx: CoreContext,
    private readonly adapter: Adapter,
    options: DispatcherOptions = {},
  ) {
    this.realTime = options.pacingClock ?? systemClock;
    this.pacer = new Pacer(options.limits ?? platformLimits(ctx.config, adapter.platform), this.realTime);
    this.maxInFlight = options.maxInFlight ?? ctx.config.DELIVERY_MAX_IN_FLIGHT;
    this.retry = options.retry ?? retryPolicy(ctx.config);
    this.idleMs = options.idleMs ?? 1_000;
  }

  get platform() {
    return this.adapter.platform;
  }

  start(): void {
    if (this.running) return;
    const requeued = requeueInFlight(this.ctx.db, this.adapter.platform);
    if (requeued) this.ctx.log.warn({ platform: this.platform, requeued }, "re-queued messages left in flight");
    this.running = true;
    this.loop = this.run();
  }

  /** Stops claiming; resolves when the messages in flight are recorded. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** Something was enqueued: look now instead of at the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Resolves when every message of this platform is sent or failed: none pending (also later), none in flight. */
  drained(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.wake();
    });
  }

  private async run(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    while (this.running) {
      try {
        await this.step(inFlight);
      } catch (error) {
        // The database was busy or failed: keep going; claimed rows are re-queued at the next start at the latest.
        this.ctx.log.error({ err: error, platform: this.platform }, "dispatcher step failed");
        await this.sleep(this.idleMs);
      }
    }
    await Promise.all(inFlight);
    this.notifyIdle();
  }

  /** Claims what fits in flight and starts it, or sleeps until something is due or a send finishes. */
  private async step(inFlight: Set<Promise<void>>): Promise<void> {
    const paused = this.pausedUntil - this.realTime.now();
    if (paused > 0) {
      await this.sleep(paused);
      return;
    }
    const now = this.ctx.clock.now();
    const rows = claim(this.ctx.db, this.platform, now, this.maxInFlight - inFlight.size);
    for (const row of rows) {
      const task = this.deliver(row)
        .catch((error: unknown) => this.ctx.log.error({ err: error, outbox: row.id }, "recording a delivery failed"))
        .finally(() => {
          inFlight.delete(task);
          this.wake();
        });
      inFlight.add(task);
    }
    this.stats.inFlight = inFlight.size;
    this.stats.peakInFlight = Math.max(this.stats.peakInFlight, inFlight.size);
    if (rows.length) return;
    if (inFlight.size > 0) {
      await this.sleep(this.idleMs);
      return;
    }
    const next = nextDueAt(this.ctx.db, this.platform);
    if (next === undefined) this.notifyIdle();
    await this.sleep(Math.min(this.idleMs, next === undefined ? this.idleMs : Math.max(0, next - now)));
  }

  private async deliver(row: OutboxRow): Promise<void> {
    // One at a time, spaced to the limits; a 429 meanwhile pauses the whole platform first.
    const go = await this.pacer.acquire(
      row.to.conversation,
      () => this.pausedUntil,
      () => !this.running,
    );
    if (!go) {
      // Stopping before it was sent: back to the queue as it was.
      release(this.ctx.db, row.id);
      return;
    }
    this.stats.requests++;
    this.stats.firstSendAt ??= this.realTime.now();
    let outcome: Outcome;
    try {
      const result = await deliverRow(this.adapter, row);
      if (!result.ok && result.reason === "rate_limited") {
        this.pausedUntil = Math.max(this.pausedUntil, this.realTime.now() + result.retryAfterMs);
      }
      // Sent but not yet recorded: wait out another process's write lock, else the row would be sent again later.
      outcome = await whenNotBusy(() => recordOutcome(this.ctx, row, result, this.retry));
    } catch (error) {
      // A bug in an adapter: keep the message, try again later, and say so loudly.
      this.ctx.log.error({ err: error, platform: this.platform, outbox: row.id }, "adapter threw while sending");
      outcome = recordOutcome(
        this.ctx,
        row,
        { ok: false, reason: "unavailable", retryable: true, detail: "adapter error" },
        this.retry,
      );
    }
    this.count(outcome);
  }

  private count(outcome: Outcome): void {
    if (outcome === "sent") {
      this.stats.sent++;
      this.stats.lastSendAt = this.realTime.now();
    } else if (outcome === "rate_limited") this.stats.rateLimited++;
    else if (outcome === "retry") this.stats.retried++;
    else this.stats.failed++;
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
