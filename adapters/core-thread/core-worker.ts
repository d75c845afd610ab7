import { parentPort, workerData } from "node:worker_threads";
import { ManualClock, systemClock } from "../../src/clock.js";
import { createCore } from "../../src/core.js";
import { createLogger } from "../../src/log.js";
import { registerPlatformProfile } from "../../src/services/platform-profiles.js";
import { openDatabase } from "../../src/storage/db.js";
import type { FromThread, ThreadData, ToThread } from "./messages.js";

// The core's thread (core-thread.ts starts it): its own connection to the same database, the same settings and
// features; it answers turns in the order they come.

const port = parentPort;
if (!port) throw new Error("core-worker.ts runs as a worker thread (adapters/core-thread/core-thread.ts)");
const data = workerData as ThreadData;
const tell = (message: FromThread) => port.postMessage(message);
const log = createLogger(data.logLevel, { write: (line: string) => tell({ kind: "log", line }) });
let publicUrl = data.publicUrl;
// The request thread has migrated the database before starting this thread.
const db = openDatabase(data.config.DATABASE_PATH, { migrate: false, busyTimeoutMs: data.busyTimeoutMs });
const core = createCore({
  db,
  config: data.config,
  clock: data.clock === "system" ? systemClock : ManualClock.reading(data.clock),
  log,
  publicUrl: () => publicUrl,
});

port.on("message", (message: ToThread) => {
  switch (message.kind) {
    case "turn":
      try {
        tell({ kind: "replies", id: message.id, replies: core.handle(message.inbound) });
      } catch (error) {
        tell({ kind: "failed", id: message.id, message: error instanceof Error ? error.message : String(error) });
      }
      return;
    case "profile":
      registerPlatformProfile(message.platform, message.profile);
      return;
    case "publicUrl":
      publicUrl = message.url;
      return;
    case "stop":
      db.close();
      port.close();
      return;
  }
});
tell({ kind: "ready" });
