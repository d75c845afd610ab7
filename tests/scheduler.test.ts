import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { loadCoreConfig } from "../src/config/core-config.js";
import { silentLogger } from "../src/log.js";
import type { CoreContext } from "../src/services/context.js";
import { jobRuns, scheduleJob } from "../src/services/scheduling/jobs.js";
import { Scheduler } from "../src/services/scheduling/scheduler.js";
import { openDatabase } from "../src/storage/db.js";
import { tempDatabasePath } from "./support/driver.js";

const minute = 60_000;
const hour = 60 * minute;
const opened: CoreContext[] = [];
afterEach(() => {
  for (const ctx of opened.splice(0)) ctx.db.close();
});

/** A process of the bot: its own connection to the same database file, its own clock. */
function processOn(path: string, clock: ManualClock, env: Record<string, string> = {}): CoreContext {
  const config = loadCoreConfig({ DATABASE_PATH: path, ...env });
  const ctx = { db: openDatabase(path), config, clock, log: silentLogger };
  opened.push(ctx);
  return ctx;
}

function recorder() {
  const runs: string[] = [];
  const handlers = {
    record: (ctx: CoreContext, plannedAt: number) => {
      runs.push(new Date(plannedAt).toISOString());
      expect(ctx.clock.now()).toBeGreaterThanOrEqual(plannedAt);
    },
  };
  return { runs, handlers };
}

/** Ticks as node-cron would (every minute; coarser steps keep the DST tests quick and change nothing). */
async function tickEveryMinute(scheduler: Scheduler, clock: ManualClock, until: number, step = minute): Promise<void> {
  while (clock.now() < until) {
    clock.advance(step);
    await scheduler.tick();
  }
}

describe("the scheduler", () => {
  it("runs a nightly 02:30 job once on the last Sunday of March (the hour that does not exist)", async () => {
    const path = tempDatabasePath();
    const clock = new ManualClock(Date.UTC(2027, 2, 26, 12)); // Fri 26 March 2027, 13:00 CET
    const ctx = processOn(path, clock);
    scheduleJob(ctx.db, { name: "nightly", pattern: "30 2 * * *", handler: "record" }, clock.now());
    const { runs, handlers } = recorder();
    const scheduler = new Scheduler(ctx, { handlers, cron: false });
    await scheduler.start();
    await tickEveryMinute(scheduler, clock, Date.UTC(2027, 2, 29, 12), 7 * minute);
    expect(runs).toEqual([
      "2027-03-27T01:30:00.000Z", // 02:30 CET
      "2027-03-28T01:00:00.000Z", // 02:30 never happened: run at 03:00 CEST, the first moment after the gap
      "2027-03-29T00:30:00.000Z", // 02:30 CEST
    ]);
  });

  it("runs it once on the last Sunday of October, though 02:30 happens twice", async () => {
    const path = tempDatabasePath();
    const clock = new ManualClock(Date.UTC(2027, 9, 29, 12));
    const ctx = processOn(path, clock);
    scheduleJob(ctx.db, { name: "nightly", pattern: "30 2 * * *", handler: "record" }, clock.now());
    scheduleJob(ctx.db, { name: "morning", pattern: "0 9 * * 1-5", handler: "record" }, clock.now());
    const { runs, handlers } = recorder();
    const scheduler = new Scheduler(ctx, { handlers, cron: false });
    await scheduler.start();
    await tickEveryMinute(scheduler, clock, Date.UTC(2027, 10, 1, 12), 7 * minute);
    expect(jobRuns(ctx.db, "nightly").map((r) => [r.planned, r.status])).toEqual([
      ["2027-10-30T02:30", "done"],
      ["2027-10-31T02:30", "done"],
      ["2027-11-01T02:30", "done"],
    ]);
    expect(jobRuns(ctx.db, "morning").map((r) => new Date(r.plannedAt).toISOString())).toEqual([
      "2027-11-01T08:00:00.000Z", // Monday 09:00 CET; the weekend had none
    ]);
    expect(runs).toHaveLength(4);
  });

  it("after a restart runs missed occurrences within the grace window once, skips and logs older ones", async () => {
    const path = tempDatabasePath();
    const clock = new ManualClock(Date.UTC(2027, 5, 1, 8, 0)); // 10:00 in Amsterdam
    const env = { SCHEDULER_GRACE_MINUTES: "90" };
    const first = processOn(path, clock, env);
    scheduleJob(first.db, { name: "hourly", pattern: "15 * * * *", handler: "record" }, clock.now());
    const one = recorder();
    const before = new Scheduler(first, { handlers: one.handlers, cron: false });
    await before.start();
    await tickEveryMinute(before, clock, Date.UTC(2027, 5, 1, 8, 30));
    expect(one.runs).toEqual(["2027-06-01T08:15:00.000Z"]);
    await before.stop(); // the process dies here; five hours pass

    clock.advance(5 * hour);
    const second = processOn(path, clock, env);
    const two = recorder();
    const warnings: string[] = [];
    const log = { ...silentLogger, warn: (obj: { planned?: string }) => warnings.push(obj.planned ?? "") };
    const after = new Scheduler(
      { ...second, log: log as unknown as CoreContext["log"] },
      { handlers: two.handlers, cron: false },
    );
    await after.start();
    // 15:30 local now: 14:15 and 15:15 are within 90 minutes; 11:15, 12:15 and 13:15 are older.
    expect(two.runs).toEqual(["2027-06-01T12:15:00.000Z", "2027-06-01T13:15:00.000Z"]);
    expect(warnings).toEqual(["2027-06-01T11:15", "2027-06-01T12:15", "2027-06-01T13:15"]);
    expect(jobRuns(second.db, "hourly").map((r) => r.status)).toEqual([
      "done",
      "skipped",
      "skipped",
      "skipped",
      "done",
      "done",
    ]);

    // A second process starting at the same moment (or a repeated tick) repeats nothing.
    const third = processOn(path, clock, env);
    const three = recorder();
    await new Scheduler(third, { handlers: three.handlers, cron: false }).start();
    await after.tick();
    expect(three.runs).toEqual([]);
    expect(two.runs).toHaveLength(2);
  });

  it("runs the periodic tasks on every tick", async () => {
    const clock = new ManualClock(Date.UTC(2027, 5, 1, 8, 0));
    const ctx = processOn(tempDatabasePath(), clock);
    const seen: number[] = [];
    const scheduler = new Scheduler(ctx, {
      tasks: [{ name: "t", run: (_c, now) => void seen.push(now) }],
      cron: false,
    });
    await scheduler.start();
    await tickEveryMinute(scheduler, clock, clock.now() + 3 * minute);
    expect(seen).toHaveLength(4);
  });
});
