import cron, { type ScheduledTask } from "node-cron";
import { type Occurrence, occurrences } from "../../time/occurrences.js";
import type { CoreContext } from "../context.js";
import type { JobHandler } from "./jobs.js";
import { enabledJobs } from "./jobs.js";
import type { PeriodicTask } from "./periodic-task.js";

export interface SchedulerOptions {
  handlers?: Record<string, JobHandler>;
  tasks?: readonly PeriodicTask[];
  /** Tick with node-cron every minute (default); tests call `tick()` with a manual clock instead. */
  cron?: boolean;
}

const lastCheckedKey = "last_checked";

/**
 * Runs the recurring jobs stored in the database, each occurrence once (job_runs is unique per job and planned
 * wall-clock minute), and the periodic tasks on every tick. After a restart, occurrences missed by at most
 * SCHEDULER_GRACE_MINUTES run once; older ones are recorded as skipped and logged.
 */
export class Scheduler {
  private task: ScheduledTask | undefined;
  private ticking: Promise<void> | undefined;

  constructor(
    private readonly ctx: CoreContext,
    private readonly options: SchedulerOptions = {},
  ) {}

  async start(): Promise<void> {
    await this.rerunInterrupted();
    await this.tick();
    if (this.options.cron === false) return;
    this.task = cron.schedule("* * * * *", () => this.tick(), {
      name: "spreekuur-scheduler",
      noOverlap: true,
      timezone: this.ctx.config.BOT_TIMEZONE,
    });
  }

  async stop(): Promise<void> {
    await this.task?.destroy();
    this.task = undefined;
    await this.ticking;
  }

  /** Runs what is due now. Overlapping calls wait for the running tick. */
  tick(): Promise<void> {
    this.ticking = (this.ticking ?? Promise.resolve())
      .then(() => this.runDue())
      .catch((error: unknown) => this.ctx.log.error({ err: error }, "scheduler tick failed"));
    return this.ticking;
  }

  private async runDue(): Promise<void> {
    const { db, clock, config, log } = this.ctx;
    const now = clock.now();
    const stored = db.prepare("SELECT value FROM scheduler_state WHERE key = ?").get(lastCheckedKey) as
      | { value: number }
      | undefined;
    const graceMs = config.SCHEDULER_GRACE_MINUTES * 60_000;
    // Look back no further than a week: anything older was skipped long ago.
    const from = Math.max(stored?.value ?? now - 60_000, now - 7 * 24 * 3_600_000);
    for (const job of enabledJobs(db)) {
      for (const occurrence of occurrences(job.pattern, config.BOT_TIMEZONE, from, now)) {
        if (now - occurrence.plannedAt > graceMs) {
          if (this.record(job.name, occurrence, "skipped", now)) {
            log.warn({ job: job.name, planned: occurrence.planned }, "missed occurrence skipped (beyond grace)");
          }
        } else if (this.record(job.name, occurrence, "running", now)) {
          await this.run(job.name, job.handler, occurrence);
        }
      }
    }
    db.prepare(
      "INSERT INTO scheduler_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    ).run(lastCheckedKey, Math.max(now, stored?.value ?? now));
    for (const task of this.options.tasks ?? []) {
      try {
        await task.run(this.ctx, now);
      } catch (error) {
        log.error({ err: error, task: task.name }, "periodic task failed");
      }
    }
  }

  /** Claims an occurrence; false when it was claimed (or skipped) before. */
  private record(job: string, occurrence: Occurrence, status: "running" | "skipped", now: number): boolean {
    return (
      this.ctx.db
        .prepare(
          `INSERT INTO job_runs (job, planned, planned_at, status, started_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (job, planned) DO NOTHING`,
        )
        .run(job, occurrence.planned, occurrence.plannedAt, status, now).changes > 0
    );
  }

  private async run(job: string, handlerName: string, occurrence: Occurrence): Promise<void> {
    const { db, clock, log } = this.ctx;
    const handler = this.options.handlers?.[handlerName];
    let status: "done" | "failed" = "done";
    try {
      if (!handler) throw new Error(`no handler named ${handlerName}`);
      await handler(this.ctx, occurrence.plannedAt);
    } catch (error) {
      status = "failed";
      log.error({ err: error, job, planned: occurrence.planned }, "scheduled job failed");
    }
    db.prepare("UPDATE job_runs SET status = ?, finished_at = ? WHERE job = ? AND planned = ?").run(
      status,
      clock.now(),
      job,
      occurrence.planned,
    );
  }

  /** A crash during a run leaves it 'running': run it again if still within grace (handlers are idempotent). */
  private async rerunInterrupted(): Promise<void> {
    const { db, clock, config } = this.ctx;
    const since = clock.now() - config.SCHEDULER_GRACE_MINUTES * 60_000;
    const rows = db
      .prepare(
        `SELECT r.job, r.planned, r.planned_at AS plannedAt, j.handler FROM job_runs r
         JOIN scheduled_jobs j ON j.name = r.job WHERE r.status = 'running' AND r.planned_at >= ?`,
      )
      .all(since) as { job: string; planned: string; plannedAt: number; handler: string }[];
    for (const row of rows) await this.run(row.job, row.handler, row);
  }
}
