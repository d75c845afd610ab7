import { type Clock, systemClock } from "../../clock.js";
import type { Adapter, Delivery, PlatformRates } from "../../contract.js";
import { claim, nextDueAt, type OutboxRow, release, requeueInFlight } from "../../domain/outbox.js";
import { whenNotBusy } from "../../storage/busy-retry.js";
import type { CoreContext } from "../context.js";
import { type AppPause, AppPauseGate } from "./app-pause.js";
import {
  needsOpening,
  OpensUnderWay,
  openDirect,
  recordFailedOpen,
  rememberOpened,
  type Unopened,
} from "./first-contact.js";
import { deliverRow, type Outcome, type RetryPolicy, recordOutcome, retryPolicy } from "./outcome.js";
import { Pacer } from "./pacer.js";

export interface DispatcherOptions {
  /** Instead of the rates the adapter declares (tests, benchmarks). */
  rates?: PlatformRates;
  maxInFlight?: number;
  retry?: RetryPolicy;
  /** Longest sleep when nothing is due; `wake()` ends it early. */
  idleMs?: number;
  /** Real time for pacing and Retry-After pauses (the context's clock may be a test's manual clock). */
  pacingClock?: Clock;
  /** While the platform refuses the app (revoked token), how often one message is tried again. */
  probeEveryMs?: number;
}

/** What a benchmark or an operator wants to know; counted since start. */
export interface DispatcherStats {
  /** Messages handed to the platform (sends and updates). */
  requests: number;
  /** 1:1 conversations opened for first contact (each a paced call of its own, not in `requests`). */
  opened: number;
  sent: number;
  rateLimited: number;
  retried: number;
  failed: number;
  /** Answers that refused the app itself: the row went back to wait, as it was. */
  paused: number;
  /** Set while the platform's sends are paused, with the reason. */
  pause?: AppPause;
  inFlight: number;
  peakInFlight: number;
  firstSendAt?: number;
  lastSendAt?: number;
}

/**
 * Drains one platform's outbox at the pace the platform allows: a bounded number in flight, paced per
 * workspace/tenant and per conversation, the whole platform paused for Retry-After on a 429, transient failures
 * retried with backoff. Rows claimed but unfinished at a crash are re-queued by the next `start()`.
 * When the platform refuses the app itself (revoked token) its sends pause (see AppPauseGate).
 */
export class Dispatcher {
  readonly stats: DispatcherStats = {
    requests: 0,
    opened: 0,
    sent: 0,
    rateLimited: 0,
    retried: 0,
    failed: 0,
    paused: 0,
    inFlight: 0,
    peakInFlight: 0,
  };
  private readonly pacer: Pacer;
  private readonly maxInFlight: number;
  private readonly retry: RetryPolicy;
  private readonly idleMs: number;
  private readonly realTime: Clock;
  private pausedUntil = 0;
  private readonly gate: AppPauseGate;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private idleWaiters: (() => void)[] = [];
  private readonly opening = new OpensUnderWay();

  constructor(
    private readonly ctx: CoreContext,
    private readonly adapter: Adapter,
    options: DispatcherOptions = {},
  ) {
    this.realTime = options.pacingClock ?? systemClock;
    this.pacer = new Pacer(options.rates ?? adapter.profile.rates, this.realTime);
    this.maxInFlight = options.maxInFlight ?? ctx.config.DELIVERY_MAX_IN_FLIGHT;
    this.retry = options.retry ?? retryPolicy(ctx.config);
    this.idleMs = options.idleMs ?? 1_000;
    this.gate = new AppPauseGate(ctx, adapter.platform, this.realTime, options.probeEveryMs ?? 5 * 60_000);
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

  /** Why the platform's sends are paused, while they are. */
  get pause(): AppPause | undefined {
    return this.gate.pause;
  }

  /** Tries one message now instead of at the next probe (an operator fixed the token). */
  probeNow(): void {
    this.gate.probeNow();
    this.wake();
  }

  /**
   * Resolves when every message of this platform is sent or failed: none pending (also later), none in flight.
   * While the platform refuses the app its rows wait, and so does this.
   */
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
    // Paused for the app's own failure: nothing leaves but the one probe, when it is time.
    const wait = this.gate.waitMs();
    if (wait !== undefined && (wait > 0 || inFlight.size > 0)) {
      // A finished send wakes us; else sleep to the probe (capped: timers overflow past 2^31 ms).
      await this.sleep(Math.min(inFlight.size > 0 ? this.idleMs : wait, 2_147_483_647));
      return;
    }
    const now = this.ctx.clock.now();
    const rows = claim(this.ctx.db, this.platform, now, wait === undefined ? this.maxInFlight - inFlight.size : 1);
    if (wait !== undefined && rows[0]) this.gate.startProbe(rows[0].id);
    for (const row of rows) {
      const task = this.deliver(row)
        .catch((error: unknown) => this.ctx.log.error({ err: error, outbox: row.id }, "recording a delivery failed"))
        .finally(() => {
          inFlight.delete(task);
          this.stats.inFlight = inFlight.size;
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

  private async deliver(claimed: OutboxRow): Promise<void> {
    const row = needsOpening(this.adapter, claimed) ? await this.opened(claimed) : claimed;
    if (!row) return;
    // One at a time, spaced to the limits; a 429 meanwhile pauses the whole platform first.
    if (!(await this.slot(row, row.to.conversation))) return;
    this.stats.requests++;
    this.stats.firstSendAt ??= this.realTime.now();
    let result: Delivery;
    try {
      result = await deliverRow(this.adapter, row);
    } catch (error) {
      // A bug in an adapter: keep the message, try again later, and say so loudly.
      this.ctx.log.error({ err: error, platform: this.platform, outbox: row.id }, "adapter threw while sending");
      result = { ok: false, reason: "unavailable", retryable: true, detail: "adapter error" };
    }
    await this.record(row, result, () => recordOutcome(this.ctx, row, result, this.retry));
  }

  /**
   * First contact: the row addressed to the 1:1 conversation opened for it, in a paced slot of its own (the
   * platform-wide pace only: nothing goes into a conversation yet). Undefined when the row is done for now.
   */
  private async opened(row: Unopened): Promise<OutboxRow | undefined> {
    const { opening, shared } = this.opening.join(row, async () => {
      if (!(await this.slot(row, undefined))) return undefined;
      this.stats.opened++;
      return openDirect(this.ctx, this.adapter, row);
    });
    const opened = await opening;
    if (opened?.ok) {
      // Not stored (the database failed): the row stays claimed until the next start, and is opened again then.
      return whenNotBusy(() => rememberOpened(this.ctx, row, opened.conversation)).catch((error: unknown) => {
        this.gate.released(row.id);
        throw error;
      });
    }
    if (opened) await this.record(row, opened, () => recordFailedOpen(this.ctx, row, opened, this.retry));
    else if (shared) this.giveBack(row.id);
    return undefined;
  }

  /** Back to the queue unsent, as it was (stopping, or the app was refused meanwhile). */
  private giveBack(rowId: number): void {
    release(this.ctx.db, rowId);
    this.gate.released(rowId);
  }

  /** Waits for the row's turn; false when it went back to the queue unsent (stopping, or the app was refused). */
  private async slot(row: OutboxRow, conversation: string | undefined): Promise<boolean> {
    const go = await this.pacer.acquire(
      conversation,
      () => this.pausedUntil,
      () => !this.running || !this.gate.mayGo(row.id),
    );
    if (!go) this.giveBack(row.id);
    return go;
  }

  /** Learns from the platform's answer (a 429 pauses the platform, a refusal the app) and records it. */
  private async record(row: OutboxRow, result: Delivery, recordIt: () => Outcome): Promise<void> {
    if (!result.ok && result.reason === "rate_limited") {
      this.pausedUntil = Math.max(this.pausedUntil, this.realTime.now() + result.retryAfterMs);
    }
    let outcome: Outcome;
    try {
      // Sent but not yet recorded: wait out another process's write lock, else the row would be sent again later.
      outcome = await whenNotBusy(recordIt);
    } finally {
      // Also when recording failed: a probe must never stay "under way" for ever.
      if (this.gate.answered(row.id, result)) this.wake();
      const pause = this.gate.pause;
      if (pause) this.stats.pause = pause;
      else delete this.stats.pause;
    }
    this.count(outcome);
  }

  private count(outcome: Outcome): void {
    if (outcome === "sent") {
      this.stats.sent++;
      this.stats.lastSendAt = this.realTime.now();
    } else if (outcome === "rate_limited") this.stats.rateLimited++;
    else if (outcome === "paused") this.stats.paused++;
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
