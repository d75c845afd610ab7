import type { Clock } from "../../clock.js";
import type { Delivery, Platform } from "../../contract.js";
import { waitingCount } from "../../domain/outbox.js";
import type { CoreContext } from "../context.js";
import { noticeDeliveryPaused } from "./pause-notice.js";

/** The platform refused the app itself: its sends wait, one probe at a time, until it accepts again. */
export interface AppPause {
  /** The platform's error code or status, e.g. `token_revoked` or `HTTP 401`. */
  reason: string;
  since: number;
}

/**
 * One workspace's pause on the app's own failure (revoked token, bad credentials): never the members' fault. While
 * paused only the probe row may leave, every `probeEveryMs`; its first answer that is not such a refusal resumes.
 * In memory on purpose: a restart simply tries again, and a fixed token then sends everything that waited.
 */
export class AppPauseGate {
  private state: (AppPause & { probeAt: number }) | undefined;
  private probing: number | undefined;

  constructor(
    private readonly ctx: CoreContext,
    private readonly platform: Platform,
    private readonly workspace: string,
    private readonly clock: Clock,
    private readonly probeEveryMs: number,
  ) {}

  get pause(): AppPause | undefined {
    return this.state && { reason: this.state.reason, since: this.state.since };
  }

  /** Undefined when not paused; else how long until the probe may go (Infinity while it is under way). */
  waitMs(): number | undefined {
    if (!this.state) return undefined;
    return this.probing !== undefined ? Number.POSITIVE_INFINITY : Math.max(0, this.state.probeAt - this.clock.now());
  }

  startProbe(rowId: number): void {
    this.probing = rowId;
  }

  /** Whether a claimed row may be sent now: always unless paused, then only the probe. */
  mayGo(rowId: number): boolean {
    return !this.state || this.probing === rowId;
  }

  /** A claimed row went back unsent; if it was the probe, the next one may go at once. */
  released(rowId: number): void {
    if (this.probing !== rowId) return;
    this.probing = undefined;
    if (this.state) this.state.probeAt = 0;
  }

  probeNow(): void {
    if (this.state) this.state.probeAt = 0;
  }

  /** Learns from a platform's answer; true when it resumed the sends. */
  answered(rowId: number, result: Delivery): boolean {
    const probe = this.probing === rowId;
    if (probe) this.probing = undefined;
    if (!result.ok && result.reason === "unauthorized") {
      this.refused(result.detail);
      return false;
    }
    if (!probe || !this.state) return false;
    // A 5xx, a timeout or a 429 tells nothing about our credentials: ask again at the next probe.
    if (!result.ok && (result.reason === "unavailable" || result.reason === "rate_limited")) {
      this.state.probeAt = this.clock.now() + this.probeEveryMs;
      return false;
    }
    const pausedMs = this.clock.now() - this.state.since;
    this.state = undefined;
    this.ctx.log.warn(
      { platform: this.platform, workspace: this.workspace, pausedMs },
      "the platform accepts the app again: sends resumed",
    );
    return true;
  }

  private refused(reason: string): void {
    const now = this.clock.now();
    if (this.state) {
      // Still refused (a probe, or a send that was under way): the same pause, no second notice.
      this.state.probeAt = now + this.probeEveryMs;
      return;
    }
    this.state = { reason, since: now, probeAt: now + this.probeEveryMs };
    const { platform, workspace } = this;
    const waiting = waitingCount(this.ctx.db, platform, workspace);
    let notices = 0;
    try {
      notices = noticeDeliveryPaused(this.ctx, { platform, workspace, reason, waiting });
    } catch (error) {
      this.ctx.log.error({ err: error, platform }, "could not enqueue the pause notice");
    }
    this.ctx.log.error(
      { platform, workspace, reason, waiting, notices },
      "the platform refuses the app: sends paused, messages wait, no member marked",
    );
  }
}
