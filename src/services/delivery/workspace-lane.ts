import type { Clock } from "../../clock.js";
import type { Adapter, Delivery, PlatformRates } from "../../contract.js";
import { claim, nextDueAt, type OutboxRow, release, retryLater } from "../../domain/outbox.js";
import { findHold } from "../../domain/workspace-holds.js";
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
import { deliverRow, type Outcome, type RetryPolicy, recordOutcome } from "./outcome.js";
import type { OutcomeBatch } from "./outcome-batch.js";
import { Pacer } from "./pacer.js";
import type { DispatcherStats, WorkspaceStats } from "./stats.js";

export interface LaneOptions {
  ctx: CoreContext;
  adapter: Adapter;
  workspace: string;
  rates: PlatformRates;
  maxInFlight: number;
  retry: RetryPolicy;
  idleMs: number;
  realTime: Clock;
  probeEveryMs: number;
  /** The platform's counters, which every lane adds to. */
  totals: DispatcherStats;
  outcomes: OutcomeBatch;
  /** Whether the dispatcher still runs. */
  running: () => boolean;
  /** The lane's pause changed, or it ended (nothing pending, nothing in flight). */
  changed: () => void;
}

/**
 * One workspace's sends (a Slack team or enterprise, a Teams tenant): its own pacer, its own Retry-After pause and
 * its own pause on the app's failure, so a slow, limited or refused workspace never delays another. Claims what
 * fits in flight, paces each send, records the answers in batches.
 */
export class WorkspaceLane {
  readonly stats: WorkspaceStats;
  private readonly pacer: Pacer;
  private readonly gate: AppPauseGate;
  private readonly opening = new OpensUnderWay();
  private readonly inFlight = new Set<Promise<void>>();
  private pausedUntil = 0;
  private active = false;
  /** Resolves when the lane's loop has ended. */
  stopped: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | undefined;

  constructor(private readonly o: LaneOptions) {
    this.stats = { workspace: o.workspace, requests: 0, sent: 0, rateLimited: 0, failed: 0, inFlight: 0 };
    this.pacer = new Pacer(o.rates, o.realTime);
    this.gate = new AppPauseGate(o.ctx, o.adapter.platform, o.workspace, o.realTime, o.probeEveryMs);
  }

  get running(): boolean {
    return this.active;
  }

  get pause(): AppPause | undefined {
    return this.gate.pause;
  }

  /** When the gate lets no row go now (the app refused): the probe's wait, else undefined. */
  get refusedWaitMs(): number | undefined {
    return this.gate.waitMs();
  }

  begin(): void {
    this.active = true;
    this.stopped = this.run();
  }

  wake(): void {
    this.wakeUp?.();
  }

  probeNow(): void {
    this.gate.probeNow();
    this.wake();
  }

  private get platform() {
    return this.o.adapter.platform;
  }

  private async run(): Promise<void> {
    try {
      while (this.o.running()) {
        try {
          if (!(await this.step())) break;
        } catch (error) {
          // The database was busy or failed: keep going; claimed rows are re-queued at the next start at latest.
          this.o.ctx.log.error({ err: error, platform: this.platform }, "dispatcher step failed");
          await this.sleep(this.o.idleMs);
        }
      }
      await Promise.all(this.inFlight);
    } finally {
      this.active = false;
      this.o.changed();
    }
  }

  /** Claims what fits and starts it, or sleeps; false when the lane has nothing left and may end. */
  private async step(): Promise<boolean> {
    const { ctx, workspace } = this.o;
    const paused = this.pausedUntil - this.o.realTime.now();
    if (paused > 0) {
      await this.sleep(paused);
      return true;
    }
    // Held (uninstalled, tokens revoked): its rows wait for a new install; the lane ends once nothing is in flight.
    if (findHold(ctx.db, this.platform, workspace)) {
      if (this.inFlight.size === 0) return false;
      await this.sleep(this.o.idleMs);
      return true;
    }
    // Paused for the app's own failure: nothing leaves but the one probe, when it is time.
    const wait = this.gate.waitMs();
    if (wait !== undefined && (wait > 0 || this.inFlight.size > 0)) {
      // A finished send wakes us; else sleep to the probe (capped: timers overflow past 2^31 ms).
      await this.sleep(Math.min(this.inFlight.size > 0 ? this.o.idleMs : wait, 2_147_483_647));
      return true;
    }
    const now = ctx.clock.now();
    const room = wait === undefined ? this.o.maxInFlight - this.inFlight.size : 1;
    const rows = claim(ctx.db, this.platform, workspace, now, room);
    if (wait !== undefined && rows[0]) this.gate.startProbe(rows[0].id);
    for (const row of rows) this.track(row);
    if (rows.length) return true;
    if (this.inFlight.size > 0) {
      await this.sleep(this.o.idleMs);
      return true;
    }
    const next = nextDueAt(ctx.db, this.platform, workspace);
    if (next === undefined) return false;
    await this.sleep(Math.min(this.o.idleMs, Math.max(0, next - now)));
    return true;
  }

  private track(row: OutboxRow): void {
    const task = this.deliver(row)
      .catch((error: unknown) => this.o.ctx.log.error({ err: error, outbox: row.id }, "recording a delivery failed"))
      .finally(() => {
        this.inFlight.delete(task);
        this.o.totals.inFlight--;
        this.stats.inFlight = this.inFlight.size;
        this.wake();
      });
    this.inFlight.add(task);
    this.stats.inFlight = this.inFlight.size;
    this.o.totals.inFlight++;
    this.o.totals.peakInFlight = Math.max(this.o.totals.peakInFlight, this.o.totals.inFlight);
  }

  private async deliver(claimed: OutboxRow): Promise<void> {
    const row = needsOpening(this.o.adapter, claimed) ? await this.opened(claimed) : claimed;
    if (!row) return;
    // One at a time, spaced to the limits; a 429 meanwhile pauses the workspace first.
    if (!(await this.slot(row, row.to.conversation))) return;
    this.o.totals.requests++;
    this.stats.requests++;
    const at = this.o.realTime.now();
    this.o.totals.firstSendAt ??= at;
    this.stats.firstSendAt ??= at;
    let result: Delivery;
    try {
      result = await deliverRow(this.o.adapter, row);
    } catch (error) {
      // A bug in an adapter: keep the message, try again later, and say so loudly.
      this.o.ctx.log.error({ err: error, platform: this.platform, outbox: row.id }, "adapter threw while sending");
      result = { ok: false, reason: "unavailable", retryable: true, detail: "adapter error" };
    }
    await this.record(row, result, () => recordOutcome(this.o.ctx, row, result, this.o.retry));
  }

  /**
   * First contact: the row addressed to the 1:1 conversation opened for it, in a paced slot of its own (the
   * workspace-wide pace only: nothing goes into a conversation yet). Undefined when the row is done for now.
   */
  private async opened(row: Unopened): Promise<OutboxRow | undefined> {
    const { opening, shared } = this.opening.join(row, async () => {
      if (!(await this.slot(row, undefined))) return undefined;
      this.o.totals.opened++;
      return openDirect(this.o.ctx, this.o.adapter, row);
    });
    const opened = await opening;
    if (opened?.ok) {
      // Not stored (the database failed): the row stays claimed until the next start, and is opened again then.
      return this.o.outcomes
        .record(() => rememberOpened(this.o.ctx, row, opened.conversation))
        .catch((error) => {
          this.gate.released(row.id);
          throw error;
        });
    }
    if (opened) await this.record(row, opened, () => recordFailedOpen(this.o.ctx, row, opened, this.o.retry));
    else if (shared) this.giveBack(row.id);
    return undefined;
  }

  /** Back to the queue unsent, as it was (stopping, or the app was refused meanwhile). */
  private giveBack(rowId: number): void {
    release(this.o.ctx.db, rowId);
    this.gate.released(rowId);
  }

  /** Waits for the row's turn; false when it went back to the queue unsent. */
  private async slot(row: OutboxRow, conversation: string | undefined): Promise<boolean> {
    const slot = await this.pacer.acquire(
      conversation,
      () => this.pausedUntil,
      () => !this.o.running() || !this.gate.mayGo(row.id),
    );
    if (slot === "go") return true;
    if (slot === "cancelled") this.giveBack(row.id);
    else {
      // Its conversation waits long (its own 429, a full window): the row waits in the outbox, the lane goes on.
      retryLater(this.o.ctx.db, row.id, this.o.ctx.clock.now() + (slot.later - this.o.realTime.now()), "paced", false);
      this.gate.released(row.id);
    }
    return false;
  }

  /** Learns from the platform's answer (a 429 pauses the workspace or conversation, a refusal the app). */
  private async record(row: OutboxRow, result: Delivery, recordIt: () => Outcome): Promise<void> {
    if (!result.ok && result.reason === "rate_limited") {
      const until = this.o.realTime.now() + result.retryAfterMs;
      if (result.scope === "conversation") this.pacer.blockConversation(row.to.conversation, until);
      else this.pausedUntil = Math.max(this.pausedUntil, until);
    }
    let outcome: Outcome;
    const pausedBefore = this.gate.pause !== undefined;
    try {
      // Sent but not yet recorded: the row stays claimed until its batch commits (a crash re-queues it).
      outcome = await this.o.outcomes.record(recordIt);
    } finally {
      // Also when recording failed: a probe must never stay "under way" for ever.
      if (this.gate.answered(row.id, result)) this.wake();
      if (pausedBefore !== (this.gate.pause !== undefined)) this.o.changed();
    }
    this.count(outcome);
  }

  private count(outcome: Outcome): void {
    const totals = this.o.totals;
    if (outcome === "sent") {
      totals.sent++;
      this.stats.sent++;
      totals.lastSendAt = this.o.realTime.now();
      this.stats.lastSendAt = totals.lastSendAt;
    } else if (outcome === "rate_limited") {
      totals.rateLimited++;
      this.stats.rateLimited++;
    } else if (outcome === "paused") totals.paused++;
    else if (outcome === "retry") totals.retried++;
    else {
      totals.failed++;
      this.stats.failed++;
    }
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
