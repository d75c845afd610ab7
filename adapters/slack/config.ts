import { z } from "zod";
import type { PlatformRates } from "../../src/contract.js";

const perSecond = (fallback: number) =>
  z.coerce.number({ message: "must be a number of messages per second" }).positive("must be above 0").default(fallback);

/** Slack's settings; adapters/config.ts validates them with every other part's (one error lists them all). */
export const slackConfigSchema = z
  .object({
    /** Bot token (xoxb-…): the adapter is enabled when it and the signing secret are set. */
    SLACK_BOT_TOKEN: z
      .string()
      .regex(/^xoxb-/, "must be a bot token starting with xoxb-")
      .optional(),
    SLACK_SIGNING_SECRET: z.string().min(8, "must be the app's signing secret").optional(),
    /** App-level token (xapp-…): when set, Socket Mode replaces the HTTP endpoint. */
    SLACK_APP_TOKEN: z
      .string()
      .regex(/^xapp-/, "must be an app-level token starting with xapp-")
      .optional(),
    /** Web API base URL, ending in /api/ (GovSlack, tests). */
    SLACK_API_URL: z.url({ message: "must be a URL such as https://slack.com/api/" }).optional(),
    /** chat.postMessage: a workspace-wide rate (several hundred per minute) and about 1/s per channel. */
    SLACK_RATE_PER_SECOND: perSecond(5),
    SLACK_CHANNEL_RATE_PER_SECOND: perSecond(1),
    /** The member directory from users.list, at start and daily (DIRECTORY_SYNC_CRON); off: only from events. */
    SLACK_DIRECTORY_SYNC: z.enum(["on", "off"], { message: "must be on or off" }).default("on"),
    /** users.list is Tier 2 (about 20 calls a minute); the benchmark and tests scale it. */
    SLACK_DIRECTORY_CALLS_PER_MINUTE: z.coerce
      .number({ message: "must be a number of calls per minute" })
      .positive("must be above 0")
      .default(20),
  })
  .superRefine((env, ctx) => {
    // A half-configured Slack is an error: the adapter needs both.
    if (Boolean(env.SLACK_BOT_TOKEN) === Boolean(env.SLACK_SIGNING_SECRET)) return;
    ctx.addIssue({
      code: "custom",
      path: [env.SLACK_BOT_TOKEN ? "SLACK_SIGNING_SECRET" : "SLACK_BOT_TOKEN"],
      message: "must be set too (Slack needs the bot token and the signing secret)",
    });
  });

export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  appToken?: string;
  apiUrl?: string;
  /** The users.list pace of the directory sync; undefined when the sync is off. */
  directoryCallsPerMinute?: number;
}

/** The Slack slice of the settings; undefined when Slack is not configured. */
export function slackConfigFrom(parsed: z.infer<typeof slackConfigSchema>): SlackConfig | undefined {
  const { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: apiUrl } = parsed;
  if (!botToken || !signingSecret) return undefined;
  return {
    botToken,
    signingSecret,
    ...(parsed.SLACK_APP_TOKEN ? { appToken: parsed.SLACK_APP_TOKEN } : {}),
    ...(apiUrl ? { apiUrl: apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/` } : {}),
    ...(parsed.SLACK_DIRECTORY_SYNC === "on"
      ? { directoryCallsPerMinute: parsed.SLACK_DIRECTORY_CALLS_PER_MINUTE }
      : {}),
  };
}

/** chat.postMessage's rates from the settings: what the Slack adapter declares to the pacer. */
export function slackRatesFrom(parsed: z.infer<typeof slackConfigSchema>): PlatformRates {
  return {
    ratePerSecond: parsed.SLACK_RATE_PER_SECOND,
    conversationRatePerSecond: parsed.SLACK_CHANNEL_RATE_PER_SECOND,
  };
}
