import { Worker } from "node:worker_threads";
import { type Clock, ManualClock, systemClock } from "../../src/clock.js";
import type { AdapterProfile, Inbound, Platform, Reply } from "../../src/contract.js";
import type { Core } from "../../src/core.js";
import type { Logger } from "../../src/log.js";
import { errorKind } from "../http/error-kind.js";
import type { FromThread, ThreadData, ToThread } from "./messages.js";

// The chats' turns run on a thread of their own, with its own connection to the database: the thread that reads,
// acknowledges and answers requests only parses, routes, renders and replies. Teams answers a click in the invoke's
// HTTP response, so the core's work (a SQLite write transaction per click) would otherwise sit inside every request;
// Slack acks first, and its replies no longer wait behind other members' transactions on the same event loop.

/** A turn's replies, whichever thread computes them. */
export interface Turns {
  handle(inbound: Inbound): Promise<Reply[]>;
}

/** The core on the calling thread: for a clock another thread cannot read. */
export const turnsOnThisThread = (core: Core): Turns => ({
  handle: (inbound) => new Promise((resolve) => resolve(core.handle(inbound))),
});

export interface CoreThreadOptions {
  /** The request thread's own core: answers while the thread restarts after a crash. */
  core: Core;
  log: Logger;
  busyTimeoutMs: number;
  publicUrl: string;
}

interface Pending {
  inbound: Inbound;
  /** When it was given to the thread (monotonic ms). */
  since: number;
  resolve: (replies: Reply[]) => void;
  reject: (error: Error) => void;
}

/** The system clock, or a manual clock's shared cell; another kind of clock cannot be followed from a thread. */
export function clockForThread(clock: Clock): ThreadData["clock"] | undefined {
  if (clock === systemClock) return "system";
  return clock instanceof ManualClock ? clock.cell : undefined;
}

const firstRestartMs = 1000;
const longestRestartMs = 60_000;
const stopDeadlineMs = 5000;

/**
 * The core's thread, started by the first turn (a bot or a test that gets none pays nothing for it); turns given
 * while it loads wait in its queue.
 */
export class CoreThread implements Turns {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly profiles = new Map<Platform, AdapterProfile>();
  private readonly data: ThreadData;
  private nextId = 0;
  private stopping = false;
  /** After a crash: until it fires, turns run on the request thread; it doubles with each crash in a row. */
  private restartTimer: NodeJS.Timeout | undefined;
  private restartMs = firstRestartMs;

  constructor(
    private readonly options: CoreThreadOptions,
    clock: ThreadData["clock"],
  ) {
    const { core, log, busyTimeoutMs, publicUrl } = options;
    this.data = { config: core.ctx.config, clock, logLevel: log.level, busyTimeoutMs, publicUrl };
  }

  handle(inbound: Inbound): Promise<Reply[]> {
    if (!this.worker && !this.stopping && !this.restartTimer) this.start();
    const worker = this.worker;
    if (!worker) return turnsOnThisThread(this.options.core).handle(inbound);
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { inbound, since: performance.now(), resolve, reject });
      try {
        this.post(worker, { kind: "turn", id, inbound });
      } catch (error) {
        // Not clonable (a bug): this turn fails alone, and no later exit answers it again.
        this.pending.delete(id);
        reject(error);
      }
    });
  }

  /** A thread that cannot even be created (no threads left, tsx missing) is tried again later; turns run here. */
  private start(): void {
    try {
      this.worker = this.spawn();
    } catch (error) {
      this.options.log.error({ err: errorKind(error), thread: "core" }, "core thread not started; turns run here");
      this.backOff();
    }
  }

  private backOff(): void {
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
    }, this.restartMs);
    this.restartTimer.unref();
    this.restartMs = Math.min(this.restartMs * 2, longestRestartMs);
  }

  /**
   * How long the oldest unanswered turn has waited (ms; 0 when none). A thread stuck in a turn (a bug) leaves the
   * request thread healthy while every turn waits: /healthz reports it, so whatever watches the bot restarts it.
   */
  oldestWaitMs(): number {
    const oldest = this.pending.values().next().value;
    return oldest ? performance.now() - oldest.since : 0;
  }

  /** An adapter's limits, for the thread's renderers too (the request thread registers its own). */
  registerProfile(platform: Platform, profile: AdapterProfile): void {
    this.profiles.set(platform, profile);
    if (this.worker) this.post(this.worker, { kind: "profile", platform, profile });
  }

  /** Where browsers reach the bot's pages (known once the server is bound). */
  setPublicUrl(url: string): void {
    this.data.publicUrl = url;
    if (this.worker) this.post(this.worker, { kind: "publicUrl", url });
  }

  /** After the server has closed: the thread answers what it was given, closes its connection and ends. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once("exit", resolve));
    // Waited for: with the server closed, an unreferenced thread would let the process end before it has.
    worker.ref();
    this.post(worker, { kind: "stop" });
    // A thread stuck in a turn must not keep a stopping bot alive: ended after a while (its turns answered here).
    const deadline = setTimeout(() => void worker.terminate(), stopDeadlineMs);
    await exited;
    clearTimeout(deadline);
  }

  private post(worker: Worker, message: ToThread): void {
    worker.postMessage(message);
  }

  private spawn(): Worker {
    const worker = new Worker(workerSource(), { eval: true, workerData: this.data });
    // The request thread's server keeps the process alive; a thread must not keep a stopped app's process alive.
    worker.unref();
    for (const [platform, profile] of this.profiles) this.post(worker, { kind: "profile", platform, profile });
    worker.on("message", (message: FromThread) => {
      if (message.kind === "ready") this.restartMs = firstRestartMs;
      else this.receive(message);
    });
    // Its class and code only: a message can quote what was being handled.
    worker.on("error", (error) =>
      this.options.log.error({ err: errorKind(error), thread: "core" }, "core thread failed"),
    );
    worker.on("exit", (code) => {
      if (this.worker === worker) this.worker = undefined;
      this.answerHere();
      if (this.stopping) return;
      this.options.log.error({ thread: "core", code }, "core thread ended; turns run here until it restarts");
      this.backOff();
    });
    return worker;
  }

  private receive(message: Exclude<FromThread, { kind: "ready" }>): void {
    if (message.kind === "log") {
      this.relay(message.line);
      return;
    }
    const turn = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (message.kind === "replies") turn?.resolve(message.replies);
    else turn?.reject(new Error(message.message));
  }

  /** The thread's log lines through the app's logger (levels kept; the thread named). */
  private relay(line: string): void {
    const { level, msg, time: _time, pid: _pid, hostname: _host, app: _app, ...fields } = JSON.parse(line);
    const label = this.options.log.levels.labels[level as number] as "info" | undefined;
    if (label) this.options.log[label]({ ...fields, thread: "core" }, msg as string);
  }

  /**
   * What a thread that ended had not answered is answered here: a turn it had committed meanwhile comes to the core
   * as a repeat of its event, which does not act twice.
   */
  private answerHere(): void {
    const unanswered = [...this.pending.values()];
    this.pending.clear();
    const here = turnsOnThisThread(this.options.core);
    for (const turn of unanswered) here.handle(turn.inbound).then(turn.resolve, turn.reject);
  }
}

/** The thread's module: compiled JavaScript as is; TypeScript (`npm start`, tests) through tsx, as the app runs. */
function workerSource(): string {
  const typescript = import.meta.url.endsWith(".ts");
  const entry = JSON.stringify(new URL(`./core-worker.${typescript ? "ts" : "js"}`, import.meta.url).href);
  if (!typescript) return `import(${entry})`;
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  return `import(${tsx}).then(({ register }) => { register(); return import(${entry}); })`;
}
