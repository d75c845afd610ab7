import { z } from "zod";
import type { PlatformRates } from "../../src/contract.js";
import { ConfigError, parseEnv } from "../../src/env.js";

const perSecond = (fallback: number) =>
  z.coerce.number({ message: "must be a number of messages per second" }).positive("must be above 0").default(fallback);

const slackConfigSchema = z.object({
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
});

export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  appToken?: string;
  apiUrl?: string;
}

/** Reads the Slack settings; undefined when Slack is not configured. A half-configured Slack is an error. */
export function loadSlackConfig(env: Record<string, string | undefined>): SlackConfig | undefined {
  const parsed = parseEnv(slackConfigSchema, env);
  const { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret } = parsed;
  if (!botToken && !signingSecret) return undefined;
  if (!botToken || !signingSecret) {
    const missing = botToken ? "SLACK_SIGNING_SECRET" : "SLACK_BOT_TOKEN";
    throw new ConfigError(
      `Invalid configuration:\n  ${missing}="": must be set too (Slack needs the bot token and the signing secret)`,
    );
  }
  const apiUrl = parsed.SLACK_API_URL;
  return {
    botToken,
    signingSecret,
    ...(parsed.SLACK_APP_TOKEN ? { appToken: parsed.SLACK_APP_TOKEN } : {}),
    ...(apiUrl ? { apiUrl: apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/` } : {}),
  };
}

/** chat.postMessage's rates from the settings: what the Slack adapter declares to the pacer. */
export function loadSlackRates(env: Record<string, string | undefined>): PlatformRates {
  const parsed = parseEnv(slackConfigSchema, env);
  return {
    ratePerSecond: parsed.SLACK_RATE_PER_SECOND,
    conversationRatePerSecond: parsed.SLACK_CHANNEL_RATE_PER_SECOND,
  };
}
