import { type DestinationStream, type Logger, pino } from "pino";
import { prettyFactory } from "pino-pretty";

export type { Logger };

/** JSON lines for a log collector; pino-pretty's readable lines for a person at a terminal. */
export type LogFormat = "json" | "pretty";

/** LOG_FORMAT=auto: readable on a terminal, JSON when the output goes to a file, a pipe or a collector. */
export function logFormat(setting: "auto" | LogFormat, terminal: boolean): LogFormat {
  return setting === "auto" ? (terminal ? "pretty" : "json") : setting;
}

/** One line per entry, its fields on the same line: time, level, message, then the rest. */
function prettyDestination(out: DestinationStream): DestinationStream {
  const pretty = prettyFactory({ singleLine: true, ignore: "pid,hostname,app", translateTime: "SYS:HH:MM:ss" });
  return { write: (line: string) => out.write(pretty(line)) };
}

/**
 * Holds what is written until `release()`: the start banner comes before any log line of the start. What was held
 * is written on release, in order; `discard()` drops it (a start that failed says why in one line instead).
 */
export function heldOutput(out: DestinationStream): DestinationStream & { release(): void; discard(): void } {
  let held: string[] | undefined = [];
  return {
    write(line: string) {
      if (held) held.push(line);
      else out.write(line);
    },
    release() {
      for (const line of held ?? []) out.write(line);
      held = undefined;
    },
    discard() {
      held = [];
    },
  };
}

/**
 * Structured logging. Never pass message contents, tokens, secrets or survey tokens:
 * the redaction list is a safety net, not the policy.
 */
export function createLogger(level = "info", destination?: DestinationStream, format: LogFormat = "json"): Logger {
  const options = {
    level,
    base: { app: "spreekuur" },
    redact: {
      paths: [
        "text",
        "*.text",
        "token",
        "*.token",
        "secret",
        "*.secret",
        "authorization",
        "*.authorization",
        "headers.authorization",
        "password",
        "*.password",
        "rosterName",
        "*.rosterName",
      ],
      censor: "[redacted]",
    },
  };
  if (format === "pretty") return pino(options, prettyDestination(destination ?? process.stdout));
  return destination ? pino(options, destination) : pino(options);
}

export const silentLogger: Logger = pino({ level: "silent" });
