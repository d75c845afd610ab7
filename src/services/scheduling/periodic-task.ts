import type { CoreContext } from "../context.js";

/**
 * Work the scheduler runs on every tick (about once a minute): a task finds what is due itself and must be
 * idempotent per occurrence (e.g. a unique key per job and planned time), so a restart or a second tick repeats nothing.
 */
export interface PeriodicTask {
  name: string;
  run(ctx: CoreContext, now: number): void | Promise<void>;
}
