import type { Db } from "../../storage/db.js";
import { cronFields } from "../../time/occurrences.js";
import type { CoreContext } from "../context.js";

/** What a recurring job does at one planned moment; handlers are registered in code by name. */
export type JobHandler = (ctx: CoreContext, plannedAt: number) => void | Promise<void>;

export interface ScheduledJob {
  name: string;
  pattern: string;
  handler: string;
}

/** Stores (or changes) a recurring job; the pattern is five-field cron in the bot's zone. */
export function scheduleJob(db: Db, job: ScheduledJob, now: number): void {
  cronFields(job.pattern);
  db.prepare(
    `INSERT INTO scheduled_jobs (name, pattern, handler, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET pattern = excluded.pattern, handler = excluded.handler, enabled = 1`,
  ).run(job.name, job.pattern, job.handler, now);
}

export function enabledJobs(db: Db): ScheduledJob[] {
  return db
    .prepare("SELECT name, pattern, handler FROM scheduled_jobs WHERE enabled = 1 ORDER BY name")
    .all() as ScheduledJob[];
}

export interface JobRun {
  job: string;
  planned: string;
  plannedAt: number;
  status: "running" | "done" | "failed" | "skipped";
}

export function jobRuns(db: Db, job: string): JobRun[] {
  return db
    .prepare(
      "SELECT job, planned, planned_at AS plannedAt, status FROM job_runs WHERE job = ? ORDER BY planned_at, planned",
    )
    .all(job) as JobRun[];
}
