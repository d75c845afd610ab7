import type { Logger } from "../src/log.js";
import { errorKind } from "./http/error-kind.js";

// The last line of defence: an error no code path caught (a library's fire-and-forget promise, a throw in a timer)
// must not end the bot for everyone because of one request. It is logged by kind only, never its message (which
// can quote a request body), and the process keeps serving. Request handling has its own guards in front; this is
// for what slips past them.

export function guardProcess(log: Logger, proc: NodeJS.Process = process): void {
  proc.on("unhandledRejection", (reason) => {
    log.error({ err: errorKind(reason) }, "unhandled promise rejection; the process keeps running");
  });
  proc.on("uncaughtException", (error) => {
    log.error({ err: errorKind(error) }, "uncaught exception; the process keeps running");
  });
}
