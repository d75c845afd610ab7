import { Cron } from "croner";
import type { CoreContext } from "../context.js";
import type { PeriodicTask } from "./periodic-task.js";

export interface SchedulerOptions {
  tasks?: readonly PeriodicTask[];
  /** Tick with croner every minute (default); tests call `tick()` with a manual clock instead. */
  cron?: boolean;
}

/**
 * Runs the periodic tasks at start and then every minute. Each task finds what is due itself and claims each
 * occurrence in its own table (a poll round per opening, a survey slot per reminder), so a restart, a second
 * process or a repeated tick runs nothing twice; schedule moments come from `time/schedule.ts` in BOT_TIMEZONE.
 */
export class Scheduler {
  private job: Cron | undefined;
  private ticking: Promise<void> | undefined;

  constructor(
    private readonly ctx: CoreContext,
    private readonly options: SchedulerOptions = {},
  ) {}

  async start(): Promise<void> {
    await this.tick();
    if (this.options.cron === false) return;
    this.job = new Cron("* * * * *", { name: "spreekuur-scheduler", protect: true }, () => this.tick());
  }

  async stop(): Promise<void> {
    this.job?.stop();
    this.job = undefined;
    await this.ticking;
  }

  /** Runs what is due now. Overlapping calls wait for the running tick. */
  tick(): Promise<void> {
    this.ticking = (this.ticking ?? Promise.resolve())
      .then(() => this.runTasks())
      .catch((error: unknown) => this.ctx.log.error({ err: error }, "scheduler tick failed"));
    return this.ticking;
  }

  private async runTasks(): Promise<void> {
    const now = this.ctx.clock.now();
    for (const task of this.options.tasks ?? []) {
      try {
        await task.run(this.ctx, now);
      } catch (error) {
        this.ctx.log.error({ err: error, task: task.name }, "periodic task failed");
      }
    }
  }
}
