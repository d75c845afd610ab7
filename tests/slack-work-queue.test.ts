import { EventEmitter } from "node:events";
import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { RequestGauge } from "../adapters/slack/request-gauge.js";
import { WorkQueue } from "../adapters/slack/work-queue.js";
import { silentLogger } from "../src/log.js";

// The work lanes give way to requests waiting for their acks: nothing starts while one waits (unless it has waited
// its hold), two tasks at a time while requests are arriving, all of the concurrency again once the burst is over
// (bench: `npm run bench -- slack-ack view-burst`).

const response = () => new EventEmitter() as unknown as ServerResponse;
const turns = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

function tracked() {
  let running = 0;
  let peak = 0;
  const releases: (() => void)[] = [];
  const task = () =>
    new Promise<void>((resolve) => {
      running++;
      peak = Math.max(peak, running);
      releases.push(() => {
        running--;
        resolve();
      });
    });
  const finish = async (queue: WorkQueue) => {
    while (releases.length) {
      releases.shift()?.();
      await turns(1);
    }
    await queue.idle();
  };
  return { task, finish, peak: () => peak, running: () => running };
}

describe("the Slack work lane during a burst of requests", () => {
  it("runs two tasks at a time while requests arrive, then its full concurrency once they stop", async () => {
    const gauge = new RequestGauge();
    const queue = new WorkQueue(silentLogger, { concurrency: 8, max: 1000, busy: () => gauge.busy });
    const quiet = new Promise<void>((resolve) => gauge.onQuiet(resolve));
    gauge.onQuiet(() => queue.resume());
    const work = tracked();
    const open = [response(), response(), response()];
    for (const res of open) gauge.enter(res);
    for (let i = 0; i < 20; i++) queue.push(work.task);
    await turns();
    expect(work.running()).toBe(2);

    for (const res of open) (res as unknown as EventEmitter).emit("close");
    await turns();
    expect(work.peak()).toBe(2);
    await quiet;
    // One start per event-loop turn, so requests arriving meanwhile are read between two starts.
    await turns(10);
    expect(work.running()).toBe(8);
    await work.finish(queue);
  });

  it("without requests runs up to its concurrency at once", async () => {
    const gauge = new RequestGauge();
    const queue = new WorkQueue(silentLogger, { concurrency: 4, max: 1000, busy: () => gauge.busy });
    const work = tracked();
    for (let i = 0; i < 10; i++) queue.push(work.task);
    await turns();
    expect(work.running()).toBe(4);
    await work.finish(queue);
    expect(work.peak()).toBe(4);
  });

  it("starts nothing while a request waits for its ack, and everything once it is answered", async () => {
    const gauge = new RequestGauge();
    const queue = new WorkQueue(silentLogger, { concurrency: 4, held: () => gauge.waiting, holdMs: 60_000 });
    gauge.onAnswered(() => queue.resume());
    const work = tracked();
    const res = response();
    gauge.enter(res);
    for (let i = 0; i < 3; i++) queue.push(work.task);
    await turns();
    expect(work.running()).toBe(0);
    (res as unknown as EventEmitter).emit("close");
    await turns();
    expect(work.running()).toBe(3);
    await work.finish(queue);
  });

  it("starts a task that waited its hold even while requests keep arriving", async () => {
    let now = 0;
    const queue = new WorkQueue(silentLogger, { concurrency: 4, held: () => true, holdMs: 500, now: () => now });
    const work = tracked();
    queue.push(work.task);
    now = 400;
    queue.push(work.task);
    await turns();
    expect(work.running()).toBe(0);
    now = 500;
    queue.resume();
    await turns();
    // The first waited its 500 ms; the second has 100 ms to go.
    expect(work.running()).toBe(1);
    now = 900;
    queue.resume();
    await turns();
    expect(work.running()).toBe(2);
    await work.finish(queue);
  });
});
