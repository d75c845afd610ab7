import type { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CoreThread, clockForThread } from "../adapters/core-thread/core-thread.js";
import { ManualClock, systemClock } from "../src/clock.js";
import type { Inbound } from "../src/contract.js";
import { createCore } from "../src/core.js";
import { busyText } from "../src/i18n/busy-texts.js";
import { createLogger } from "../src/log.js";
import { Driver, sessionsCsv } from "./support/driver.js";

// The core's own thread (Teams answers a click in its request): the turns it answers are the request thread's
// core's, on the same database and the same manual clock, and a thread that ends unasked loses no turn.

let stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops) await stop();
  stops = [];
});

function started(logLines: string[] = [], busyTimeoutMs = 200): { driver: Driver; thread: CoreThread } {
  const driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 2 }]) });
  const log = createLogger("info", { write: (line: string) => logLines.push(line) });
  const thread = new CoreThread(
    { core: driver.core, log, busyTimeoutMs, publicUrl: "https://spreekuur.test" },
    driver.clock.cell,
  );
  stops.push(async () => {
    await thread.stop();
    driver.close();
  });
  return { driver, thread };
}

const signUp = (user: string, eventId = `e-${user}`): Inbound => ({
  kind: "action",
  actionId: "signup.profile",
  value: "S1",
  form: { roster_name: `Dokter ${user}`, role: "huisarts" },
  from: { platform: "teams", conversation: `a:${user}`, user, direct: true },
  eventId,
});

const say = (user: string, text: string): Inbound => ({
  kind: "message",
  text,
  from: { platform: "teams", conversation: `a:${user}`, user, direct: true },
});

const confirmed = (driver: Driver) =>
  (driver.ctx.db.prepare("SELECT count(*) AS n FROM signups WHERE status = 'confirmed'").get() as { n: number }).n;

const workerOf = (thread: CoreThread) => (thread as unknown as { worker: Worker | undefined }).worker;

describe("the core's thread", () => {
  it("follows the system clock or a manual clock's cell; any other clock keeps the turns on this thread", () => {
    const manual = new ManualClock(Date.UTC(2027, 5, 1));
    expect(clockForThread(systemClock)).toBe("system");
    expect(clockForThread(manual)).toBe(manual.cell);
    expect(clockForThread({ now: () => 0 })).toBeUndefined();
    // The thread's reading of the cell moves with the test's clock.
    const reading = ManualClock.reading(manual.cell);
    manual.advance(60_000);
    expect(reading.now()).toBe(Date.UTC(2027, 5, 1) + 60_000);
  });

  it("answers a turn with its own connection; the request thread's core does not run it", async () => {
    const { driver, thread } = started();
    const here = vi.spyOn(driver.core, "handle");
    const [reply] = await thread.handle(signUp("29:a"));
    expect(reply?.text).toContain("aangemeld");
    expect(here).not.toHaveBeenCalled();
    expect(confirmed(driver)).toBe(1);
  });

  it("reads the app's manual clock: its answers are the request thread's at every time", async () => {
    const { driver, thread } = started();
    for (const [i, at] of [Date.UTC(2027, 5, 1, 8), Date.UTC(2028, 0, 1, 8)].entries()) {
      driver.clock.set(at);
      const [there] = await thread.handle(say(`29:t${i}`, "sessies"));
      const [here] = driver.core.handle(say(`29:h${i}`, "sessies"));
      expect(there?.text).toBe(here?.text);
    }
    // After every session the list is another: the clock moved on the thread too.
    const [before] = driver.core.handle(say("29:x", "sessies"));
    driver.clock.set(Date.UTC(2027, 5, 1, 8));
    const [after] = await thread.handle(say("29:y", "sessies"));
    expect(after?.text).not.toBe(before?.text);
  });

  it("acts once on a repeated event, whichever thread sees it; capacity holds across both connections", async () => {
    const { driver, thread } = started();
    const replies = await Promise.all([
      thread.handle(signUp("29:a", "same")),
      thread.handle(signUp("29:a", "same")),
      Promise.resolve(driver.core.handle(signUp("29:a", "same"))),
    ]);
    expect(replies).toHaveLength(3);
    expect(confirmed(driver)).toBe(1);
    await Promise.all(["29:b", "29:c", "29:d"].map((u) => thread.handle(signUp(u))));
    driver.core.handle(signUp("29:e"));
    expect(confirmed(driver)).toBe(2);
  });

  it("a database another connection holds: the member hears 'try again', logged through the app's logger", async () => {
    const lines: string[] = [];
    const { driver, thread } = started(lines);
    const other = new Database(driver.ctx.config.DATABASE_PATH);
    other.exec("BEGIN IMMEDIATE");
    try {
      const [reply] = await thread.handle(signUp("29:a"));
      expect(reply?.text).toBe(busyText("nl"));
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    const entry = lines.map((line) => JSON.parse(line)).find((e) => e.msg?.includes("database busy"));
    expect(entry).toMatchObject({ level: 40, thread: "core", platform: "teams" });
    expect(lines.join("\n")).not.toContain("Dokter");
    expect(confirmed(driver)).toBe(0);
  });

  it("tells how long its oldest unanswered turn has waited (what /healthz reports as stuck)", async () => {
    const { driver, thread } = started([], 10_000);
    expect(thread.oldestWaitMs()).toBe(0);
    const other = new Database(driver.ctx.config.DATABASE_PATH);
    other.exec("BEGIN IMMEDIATE");
    const waiting = thread.handle(signUp("29:a"));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(thread.oldestWaitMs()).toBeGreaterThanOrEqual(250);
    other.exec("ROLLBACK");
    other.close();
    expect((await waiting)[0]?.text).toContain("aangemeld");
    expect(thread.oldestWaitMs()).toBe(0);
  });

  it("ends unasked: its turns are answered on the request thread, and it restarts", async () => {
    const lines: string[] = [];
    const { driver, thread } = started(lines);
    const here = vi.spyOn(driver.core, "handle");
    await thread.handle(say("29:z", "sessies"));
    await workerOf(thread)?.terminate();
    const [reply] = await thread.handle(signUp("29:a"));
    expect(reply?.text).toContain("aangemeld");
    expect(here).toHaveBeenCalledTimes(1);
    expect(lines.some((line) => line.includes("core thread ended"))).toBe(true);
    // After a second the next turn starts it again; until then turns are answered here.
    await vi.waitFor(
      async () => {
        here.mockClear();
        await thread.handle(say("29:b", "sessies"));
        expect(here).not.toHaveBeenCalled();
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(workerOf(thread)).toBeDefined();
    await thread.handle(signUp("29:c"));
    expect(here).not.toHaveBeenCalled();
    expect(confirmed(driver)).toBe(2);
  });

  it("cannot open the database: its turns are answered here, and the failure is logged", async () => {
    const lines: string[] = [];
    const driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 2 }]) });
    const file = driver.ctx.config.DATABASE_PATH; // a file, so a path under it cannot be made
    const core = createCore({ ...driver.ctx, config: { ...driver.ctx.config, DATABASE_PATH: `${file}/below.db` } });
    const log = createLogger("info", { write: (line: string) => lines.push(line) });
    const thread = new CoreThread(
      { core, log, busyTimeoutMs: 200, publicUrl: "https://spreekuur.test" },
      driver.clock.cell,
    );
    stops.push(async () => {
      await thread.stop();
      driver.close();
    });
    const [reply] = await thread.handle(signUp("29:a"));
    expect(reply?.text).toContain("aangemeld");
    expect(confirmed(driver)).toBe(1);
    expect(lines.some((line) => line.includes("core thread ended"))).toBe(true);
  });

  it("a turn that cannot be posted fails alone, and is not run again when the thread ends", async () => {
    const { driver, thread } = started();
    const unclonable = { ...signUp("29:a"), extra: () => 1 } as unknown as Inbound;
    await expect(thread.handle(unclonable)).rejects.toThrow();
    const here = vi.spyOn(driver.core, "handle");
    await workerOf(thread)?.terminate();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(here).not.toHaveBeenCalled();
    expect(confirmed(driver)).toBe(0);
  });

  it("stops after answering what it was given; later turns run here", async () => {
    const { driver, thread } = started();
    const here = vi.spyOn(driver.core, "handle");
    const given = thread.handle(signUp("29:a"));
    await thread.stop();
    expect((await given)[0]?.text).toContain("aangemeld");
    expect(here).not.toHaveBeenCalled();
    await thread.handle(signUp("29:b"));
    expect(here).toHaveBeenCalledTimes(1);
  });
});
