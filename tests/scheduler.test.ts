import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { loadCoreConfig } from "../src/config/core-config.js";
import { createCampaign } from "../src/domain/campaigns.js";
import { validatePoll } from "../src/domain/poll-input.js";
import { createPoll, type Poll, roundsOf } from "../src/domain/polls.js";
import { validateSurvey } from "../src/domain/survey-input.js";
import { silentLogger } from "../src/log.js";
import type { CoreContext } from "../src/services/context.js";
import { pollTask } from "../src/services/poll-service.js";
import { Scheduler } from "../src/services/scheduling/scheduler.js";
import { surveyTask } from "../src/services/survey-service.js";
import { openDatabase } from "../src/storage/db.js";
import { tempDatabasePath } from "./support/driver.js";

// Exactly-once across restarts and DST, asserted on the timed work production runs: a recurring poll opens one
// round per schedule moment (rounds are unique per poll and opening), through the scheduler's ticks.

const minute = 60_000;
const hour = 60 * minute;
const zone = "Europe/Amsterdam";
const opened: CoreContext[] = [];
afterEach(() => {
  for (const ctx of opened.splice(0)) ctx.db.close();
});

/** A process of the bot: its own connection to the same database file, its own clock. */
function processOn(path: string, clock: ManualClock): CoreContext {
  const config = loadCoreConfig({ DATABASE_PATH: path });
  const ctx = { db: openDatabase(path), config, clock, log: silentLogger };
  opened.push(ctx);
  return ctx;
}

/** A recurring poll on `schedule` (cron in the bot's zone), each round open for an hour. */
function recurringPoll(ctx: CoreContext, schedule: string): Poll {
  const fields = { question: "Hoe gaat het?", options: "Goed\nSlecht", schedule, open_hours: "1" };
  const draft = validatePoll(fields, zone, ctx.clock.now());
  if (!draft.ok) throw new Error(JSON.stringify(draft.errors));
  return createPoll(ctx.db, draft.value, "test", ctx.clock.now());
}

const openings = (ctx: CoreContext, poll: Poll) =>
  roundsOf(ctx.db, poll.id).map((r) => new Date(r.opensAt).toISOString());

/** Ticks as croner would (every minute; coarser steps keep the DST tests quick and change nothing). */
async function tickEveryMinute(scheduler: Scheduler, clock: ManualClock, until: number, step = minute): Promise<void> {
  while (clock.now() < until) {
    clock.advance(step);
    await scheduler.tick();
  }
}

describe("the scheduler", () => {
  it("opens a nightly 02:30 round once on the last Sunday of March (the hour that does not exist)", async () => {
    const clock = new ManualClock(Date.UTC(2027, 2, 26, 12)); // Fri 26 March 2027, 13:00 CET
    const ctx = processOn(tempDatabasePath(), clock);
    const nightly = recurringPoll(ctx, "30 2 * * *");
    const scheduler = new Scheduler(ctx, { tasks: [pollTask], cron: false });
    await scheduler.start();
    await tickEveryMinute(scheduler, clock, Date.UTC(2027, 2, 29, 12), 7 * minute);
    expect(openings(ctx, nightly)).toEqual([
      "2027-03-27T01:30:00.000Z", // 02:30 CET
      "2027-03-28T01:30:00.000Z", // 02:30 never happened: croner moves it by the skipped hour, to 03:30 CEST
      "2027-03-29T00:30:00.000Z", // 02:30 CEST
    ]);
  });

  it("opens it once on the last Sunday of October, though 02:30 happens twice", async () => {
    const clock = new ManualClock(Date.UTC(2027, 9, 29, 12));
    const ctx = processOn(tempDatabasePath(), clock);
    const nightly = recurringPoll(ctx, "30 2 * * *");
    const morning = recurringPoll(ctx, "0 9 * * 1-5");
    const scheduler = new Scheduler(ctx, { tasks: [pollTask], cron: false });
    await scheduler.start();
    await tickEveryMinute(scheduler, clock, Date.UTC(2027, 10, 1, 12), 7 * minute);
    expect(openings(ctx, nightly)).toEqual([
      "2027-10-30T00:30:00.000Z", // 02:30 CEST
      "2027-10-31T00:30:00.000Z", // the first 02:30 (CEST); the second (CET) opens nothing
      "2027-11-01T01:30:00.000Z", // 02:30 CET
    ]);
    expect(openings(ctx, morning)).toEqual([
      "2027-11-01T08:00:00.000Z", // Monday 09:00 CET; the weekend had none
    ]);
  });

  it("after a restart opens the latest missed round once, skips older ones, and a second process repeats nothing", async () => {
    const path = tempDatabasePath();
    const clock = new ManualClock(Date.UTC(2027, 5, 1, 8, 0)); // 10:00 in Amsterdam
    const first = processOn(path, clock);
    const hourly = recurringPoll(first, "15 * * * *");
    const before = new Scheduler(first, { tasks: [pollTask], cron: false });
    await before.start();
    await tickEveryMinute(before, clock, Date.UTC(2027, 5, 1, 8, 30));
    expect(openings(first, hourly)).toEqual(["2027-06-01T08:15:00.000Z"]);
    await before.stop(); // the process dies here; five hours pass

    clock.advance(5 * hour);
    const second = processOn(path, clock);
    const after = new Scheduler(second, { tasks: [pollTask], cron: false });
    await after.start();
    // 15:30 local now: 15:15 opens; 11:15 to 14:15 are not bunched in after it.
    expect(openings(second, hourly)).toEqual(["2027-06-01T08:15:00.000Z", "2027-06-01T13:15:00.000Z"]);
    expect(roundsOf(second.db, hourly.id).map((r) => r.status)).toEqual(["closed", "open"]);

    // A second process starting at the same moment (or a repeated tick) repeats nothing.
    const third = processOn(path, clock);
    await new Scheduler(third, { tasks: [pollTask], cron: false }).start();
    await after.tick();
    expect(openings(third, hourly)).toHaveLength(2);
  });

  it("claims a nightly 02:30 survey reminder slot once on the last Sunday of October, also after a restart", async () => {
    const path = tempDatabasePath();
    const clock = new ManualClock(Date.UTC(2027, 9, 29, 12)); // Fri 29 October 2027, 14:00 CEST
    const first = processOn(path, clock);
    const fields = {
      title: "Nachtdienst",
      url: "https://e.example.nl/x",
      opens: "2027-10-29 14:00",
      closes: "2027-11-05 12:00",
      reminders: "30 2 * * *",
      max_reminders: "5",
    };
    const draft = validateSurvey(fields, zone);
    if (!draft.ok) throw new Error(JSON.stringify(draft.errors));
    createCampaign(first.db, draft.value, "test", clock.now());
    const before = new Scheduler(first, { tasks: [surveyTask], cron: false });
    await before.start();
    await tickEveryMinute(before, clock, Date.UTC(2027, 9, 31, 0, 45), 7 * minute); // 02:45 CEST: between the two 02:30s
    await before.stop(); // the process dies in the repeated hour; the second 02:30 comes after the restart

    const second = processOn(path, clock);
    const after = new Scheduler(second, { tasks: [surveyTask], cron: false });
    await after.start();
    await tickEveryMinute(after, clock, Date.UTC(2027, 10, 1, 12), 7 * minute);
    const slots = second.db
      .prepare<[], { at: number }>(
        "SELECT planned_at AS at FROM survey_slots WHERE kind = 'reminder' ORDER BY planned_at",
      )
      .all()
      .map((s) => new Date(s.at).toISOString());
    expect(slots).toEqual([
      "2027-10-30T00:30:00.000Z", // 02:30 CEST
      "2027-10-31T00:30:00.000Z", // the first 02:30 (CEST), before the restart; the second (CET) claims nothing
      "2027-11-01T01:30:00.000Z", // 02:30 CET
    ]);
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

  it("keeps ticking when a task fails, and logs which task", async () => {
    const clock = new ManualClock(Date.UTC(2027, 5, 1, 8, 0));
    const errors: unknown[] = [];
    const log = { ...silentLogger, error: (obj: { task?: string }) => void errors.push(obj.task) };
    const ctx = { ...processOn(tempDatabasePath(), clock), log: log as unknown as CoreContext["log"] };
    const seen: number[] = [];
    const failing = {
      name: "broken",
      run: () => {
        throw new Error("boom");
      },
    };
    const scheduler = new Scheduler(ctx, { tasks: [failing, { name: "t", run: (_c, now) => void seen.push(now) }] });
    await scheduler.start();
    await scheduler.stop();
    expect(errors).toEqual(["broken"]);
    expect(seen).toHaveLength(1);
  });
});
