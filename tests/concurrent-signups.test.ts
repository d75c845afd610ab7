import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { Driver, june2027, sessionsCsv } from "./support/driver.js";

const workers = 8;
const perWorker = 25;

function startWorker(
  dbPath: string,
  prefix: string,
): { child: ChildProcess; ready: Promise<void>; done: Promise<string[]> } {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "tests/support/signup-worker.ts", dbPath, "CAP20", prefix, String(perWorker), String(june2027)],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const queue: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  lines.on("line", (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else queue.push(line);
  });
  const next = () =>
    new Promise<string>((resolve) => (queue.length ? resolve(queue.shift() as string) : waiters.push(resolve)));
  const ready = next().then((line) => expect(line).toBe("ready"));
  const done = ready.then(next).then((line) => JSON.parse(line) as string[]);
  return { child, ready, done };
}

let driver: Driver;
afterEach(() => driver?.close());

describe("capacity under concurrent sign-ups", () => {
  it(`${workers * perWorker} sign-ups from ${workers} processes for 20 places: exactly 20 confirmed, the rest waitlisted in order`, async () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "CAP20", capacity: 20 }]) });
    const dbPath = driver.ctx.config.DATABASE_PATH;
    const started = Array.from({ length: workers }, (_, w) => startWorker(dbPath, `W${w}-`));
    await Promise.all(started.map((s) => s.ready));
    for (const s of started) s.child.stdin?.write("go\n");
    const outcomes = (await Promise.all(started.map((s) => s.done))).flat();

    expect(outcomes).toHaveLength(workers * perWorker);
    expect(outcomes.filter((o) => o === "confirmed")).toHaveLength(20);
    expect(outcomes.filter((o) => o === "waitlisted")).toHaveLength(workers * perWorker - 20);

    const rows = driver.ctx.db
      .prepare("SELECT status, seq FROM signups WHERE session_id = 'CAP20' ORDER BY seq")
      .all() as { status: string; seq: number }[];
    expect(rows).toHaveLength(workers * perWorker);
    // Every sign-up got its own place in line, and the first 20 in line are the confirmed ones.
    expect(new Set(rows.map((r) => r.seq)).size).toBe(rows.length);
    expect(rows.slice(0, 20).every((r) => r.status === "confirmed")).toBe(true);
    expect(rows.slice(20).every((r) => r.status === "waitlisted")).toBe(true);
  });
});
