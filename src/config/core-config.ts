import { fileURLToPath } from "node:url";
import { IANAZone } from "luxon";
import { z } from "zod";
import { parseMemberKey } from "../domain/member-key.js";
import { platformIds } from "../domain/platform-ids.js";
import { parseEnv } from "../env.js";
import { parseWindow, type SendWindow } from "../time/quiet-hours.js";
import { deliveryConfigShape } from "./delivery-config.js";

const organiserList = z
  .string()
  .default("")
  .transform((value, ctx) => {
    const keys = value
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean);
    for (const key of keys) {
      if (!parseMemberKey(key)) {
        ctx.addIssue({
          code: "custom",
          message: `"${key}" is not platform:userId with platform one of ${platformIds.join(", ")}`,
        });
      }
    }
    return keys;
  });

export const coreConfigSchema = z.object({
  PORT: z.coerce
    .number({ message: "must be a port number 1-65535" })
    .int()
    .min(1, "must be a port number 1-65535")
    .max(65535, "must be a port number 1-65535")
    .default(3978),
  HOST: z.string().default("127.0.0.1"),
  /** Where members' browsers reach this server: calendar links, files, the dashboard's sign-in links. */
  PUBLIC_URL: z.url({ message: "must be a URL such as https://spreekuur.example.nl" }).optional(),
  DATABASE_PATH: z.string().default("./data/spreekuur.db"),
  BOT_TIMEZONE: z
    .string()
    .default("Europe/Amsterdam")
    .refine((zone) => IANAZone.isValidZone(zone), "must be an IANA time zone such as Europe/Amsterdam"),
  BOT_LOCALE: z.enum(["nl", "en"], { message: "must be nl or en" }).default("nl"),
  ORGANISERS: organiserList,
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      message: "must be one of fatal, error, warn, info, debug, trace, silent",
    })
    .default("info"),
  /** auto: readable lines (pino-pretty) on a terminal, JSON otherwise; json or pretty: always that. */
  LOG_FORMAT: z.enum(["auto", "json", "pretty"], { message: "must be auto, json or pretty" }).default("auto"),
  /** Nudges (reminders, polls, non-urgent broadcasts) go out on these ISO weekdays ("1-5" = Monday–Friday)… */
  SEND_DAYS: z
    .string()
    .regex(/^([1-7]-[1-7]|[1-7](,[1-7])*)$/, 'must be ISO weekdays such as "1-5" or "1,2,3,4,5"')
    .default("1-5"),
  /** …between these hours in BOT_TIMEZONE, skipping Dutch public holidays. */
  SEND_HOURS: z
    .string()
    .regex(/^([01]?\d|2[0-3]):[0-5]\d-([01]?\d|2[0-4]):[0-5]\d$/, 'must be a range such as "08:00-18:00"')
    .default("08:00-18:00"),
  /** Personal data of past sessions and closed campaigns is removed after this many months (aggregates stay). */
  RETENTION_MONTHS: z.coerce.number().int().min(1, "must be 1 or more months").max(120).default(12),
  /** A consultation round's one reminder goes this many hours before its close, to who started and did not submit. */
  CONSULTATION_REMINDER_HOURS: z.coerce
    .number()
    .int("must be whole hours")
    .min(1, "must be 1-720 hours")
    .max(720, "must be 1-720 hours")
    .default(48),
  /** Sessions per page in chat lists. */
  PAGE_SIZE: z.coerce.number().int().min(1).max(10, "must be 1-10").default(5),
  /**
   * The session report's common format (JSON, see src/domain/report-format.ts); read when a form is made. The
   * default is the package's own file (dist/examples when built), whatever the working directory.
   */
  REPORT_FORMAT_PATH: z.string().default(fileURLToPath(new URL("../../examples/report-format.json", import.meta.url))),
  ...deliveryConfigShape,
});

export type CoreConfig = z.infer<typeof coreConfigSchema>;

/**
 * The core's settings alone, from the environment it is given, for tests and tools that run the core without the
 * app; the app's settings come from `loadConfig` in adapters/config.ts, which composes this schema with the others.
 */
export function loadCoreConfig(env: Record<string, string | undefined>): CoreConfig {
  return parseEnv(coreConfigSchema, env);
}

/** The window for nudges from the settings. */
export function sendWindow(config: Pick<CoreConfig, "BOT_TIMEZONE" | "SEND_DAYS" | "SEND_HOURS">): SendWindow {
  return parseWindow(config.BOT_TIMEZONE, config.SEND_DAYS, config.SEND_HOURS);
}
