import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../../src/log.js";

/**
 * Bolt's logger interface on top of the app's pino logger. Bolt's debug lines contain whole request bodies
 * (message texts, names) and Socket Mode frames, so debug is dropped: only info, warnings and errors pass.
 */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ adapter: "slack" });
  let level = LogLevel.INFO;
  const write =
    (fn: (msg: string) => void) =>
    (...parts: unknown[]) =>
      fn(parts.map((p) => (p instanceof Error ? p.message : String(p))).join(" "));
  return {
    debug: () => {},
    info: write((m) => child.info(m)),
    warn: write((m) => child.warn(m)),
    error: write((m) => child.error(m)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
