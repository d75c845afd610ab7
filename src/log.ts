import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger };

/**
 * Structured logging. Never pass message contents, tokens, secrets or survey tokens:
 * the redaction list is a safety net, not the policy.
 */
export function createLogger(level = "info", destination?: DestinationStream): Logger {
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
  return destination ? pino(options, destination) : pino(options);
}

export const silentLogger: Logger = pino({ level: "silent" });
