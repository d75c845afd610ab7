import { type Clock, systemClock } from "../../clock.js";
import type { Adapter, PlatformRates } from "../../contract.js";
import { pendingWorkspaces, requeueInFlight } from "../../domain/outbox.js";
import type { CoreContext } from "../context.js";
import type { AppPause } from "./app-pause.js";
import { type RetryPolicy, retryPolicy } from "./outcome.js";
import { OutcomeBatch } from "./outcome-batch.js";
import type { DispatcherStats, WorkspaceStats } from "./stats.js";
import { WorkspaceLane } from "./workspace-lane.js";

export type { DispatcherStats, WorkspaceStats } from "./stats.js";

export interface DispatcherOptions {
  /** Instead of the rates the adapter declares (tests, benchmarks). */
  rates?: PlatformRates;
  /** Messages in flight per workspace. */
  maxInFlight?: number;
  retry?: RetryPolicy;
  /** Longest sleep when nothing is due; `wake()` ends it early. */
  idleMs?: number;
  /** Real time for pacing and Retry-After pauses (the context's clock may be a test's manual clock). */
  pacingClock?: Clock;
  /** While the platform refuses the app in a workspace (revoked token), how often one message is tried again. */
  probeEveryMs?: number;
}

/**
 * Drains one platform's outbox: one lane per workspace (Slack team/enterprise, Teams tenant), each paced to the
 * rates the adapter declares, paused on its own 429s and on its own app-level refusals, so no workspace waits for
 * another. Answers are recorded in batches. Rows claimed but unfinished at a crash are re-queued by `start()`.
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
  private readonly lanes = new Map<string, WorkspaceLane>();
  private readonly outcomes: OutcomeBatch;
  private readonly rates: PlatformRates;
  private readonly maxInFlight: number;
  private readonly retry: RetryPolicy;
  private readonly idleMs: number;
  private readonly realTime: Clock;
  private readonly probeEveryMs: number;
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
    this.rates = options.rates ?? adapter.profile.rates;
    this.maxInFlight = options.maxInFlight ?? ctx.config.DELIVERY_MAX_IN_FLIGHT;
    this.retry = options.retry ?? retryPolicy(ctx.config);
    this.idleMs = options.idleMs ?? 1_000;
    this.probeEveryMs = options.probeEveryMs ?? 5 * 60_000;
    this.outcomes = new OutcomeBatch(ctx.db);
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
    for (const lane of this.lanes.values()) lane.wake();
  }

  /** Why sends are paused on the app's failure, in the first workspace where they are. */
  get pause(): AppPause | undefined {
    for (const lane of this.lanes.values()) if (lane.pause) return lane.pause;
    return undefined;
  }

  /** Each workspace's counts and pause, for the benchmark and operators. */
  workspaces(): WorkspaceStats[] {
    return [...this.lanes.values()].map((lane) => ({ ...lane.stats, ...(lane.pause ? { pause: lane.pause } : {}) }));
  }

  /** Tries one message now in every paused workspace instead of at the next probe (an operator fixed the token). */
  probeNow(): void {
    for (const lane of this.lanes.values()) lane.probeNow();
    this.wake();
  }

  /** Whether a row is due now in a workspace that may send (not held, not refused): drains end when none is. */
  sendableNow(): boolean {
    const now = this.ctx.clock.now();
    return pendingWorkspaces(this.ctx.db, this.platform).some(
      ({ workspace, dueAt }) => dueAt <= now && this.lanes.get(workspace)?.refusedWaitMs === undefined,
    );
  }

  /**
   * Resolves when every message of this platform is sent or failed: none pending (also later), none in flight.
   * Held workspaces (uninstalled) are not waited for; workspaces that refuse the app are (their rows wait).
   */
  drained(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.wake();
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      let next: number | undefined;
      try {
        next = this.discover();
      } catch (error) {
        this.ctx.log.error({ err: error, platform: this.platform }, "dispatcher step failed");
      }
      const now = this.ctx.clock.now();
      await this.sleep(Math.min(this.idleMs, next === undefined ? this.idleMs : Math.max(1, next - now)));
    }
    await Promise.all([...this.lanes.values()].map((lane) => lane.stopped));
    this.notifyIdle();
  }

  /** Starts a lane for each workspace with pending rows; notifies the waiters when nothing is left anywhere. */
  private discover(): number | undefined {
    const pending = pendingWorkspaces(this.ctx.db, this.platform);
    const now = this.ctx.clock.now();
    let next: number | undefined;
    for (const { workspace, dueAt } of pending) {
      const lane = this.lane(workspace);
      if (!lane.running) lane.begin();
      else if (dueAt <= now) lane.wake();
      if (dueAt > now) next = Math.min(next ?? dueAt, dueAt);
    }
    if (pending.length === 0 && [...this.lanes.values()].every((lane) => !lane.running)) this.notifyIdle();
    return next;
  }

  private lane(workspace: string): WorkspaceLane {
    let lane = this.lanes.get(workspace);
    if (!lane) {
      lane = new WorkspaceLane({
        ctx: this.ctx,
        adapter: this.adapter,
        workspace,
        rates: this.rates,
        maxInFlight: this.maxInFlight,
        retry: this.retry,
        idleMs: this.idleMs,
        realTime: this.realTime,
        probeEveryMs: this.probeEveryMs,
        totals: this.stats,
        outcomes: this.outcomes,
        running: () => this.running,
        changed: () => this.laneChanged(),
      });
      this.lanes.set(workspace, lane);
    }
    return lane;
  }

  private laneChanged(): void {
    const pause = this.pause;
    if (pause) this.stats.pause = pause;
    else delete this.stats.pause;
    // A lane that ended may leave nothing anywhere: look now, so drained() resolves without a poll's wait.
    this.wakeUp?.();
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
