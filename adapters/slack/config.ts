import { z } from "zod";
import { type TokenKeys, tokenKeyShape, tokenKeysFrom } from "../../src/config/token-key-config.js";
import type { PlatformRates } from "../../src/contract.js";

const perSecond = (fallback: number) =>
  z.coerce.number({ message: "must be a number of messages per second" }).positive("must be above 0").default(fallback);

/** The variables only the OAuth mode uses (installs in many workspaces); with SLACK_BOT_TOKEN they are a mix-up. */
const oauthOnly = ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"] as const;
/** Everything the OAuth mode needs. */
const oauthNeeds = [...oauthOnly, "SLACK_SIGNING_SECRET", "TOKEN_ENCRYPTION_KEY"] as const;

/** Slack's settings; adapters/config.ts validates them with every other part's (one error lists them all). */
export const slackConfigSchema = z
  .object({
    /** Bot token (xoxb-…) of the one workspace: with the signing secret, the single-token mode. */
    SLACK_BOT_TOKEN: z
      .string()
      .regex(/^xoxb-/, "must be a bot token starting with xoxb-")
      .optional(),
    SLACK_SIGNING_SECRET: z.string().min(8, "must be the app's signing secret").optional(),
    /** OAuth mode (installs in many workspaces through /slack/install): the app's credentials (Basic Information). */
    SLACK_CLIENT_ID: z
      .string()
      .regex(/^\d+\.\d+$/, "must be the app's client id, digits.digits (Basic Information)")
      .optional(),
    SLACK_CLIENT_SECRET: z.string().min(8, "must be the app's client secret (Basic Information)").optional(),
    /** Signs the OAuth state that ties Slack's redirect to the browser that started the install. */
    SLACK_STATE_SECRET: z.string().min(16, "must be at least 16 characters (a random secret)").optional(),
    ...tokenKeyShape,
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
    const oauthSet = oauthOnly.filter((name) => env[name]);
    if (env.SLACK_BOT_TOKEN && oauthSet.length) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_BOT_TOKEN"],
        message: `is the single-workspace mode, ${oauthSet.join(", ")} the installs in many workspaces: set one of them`,
      });
      return;
    }
    if (oauthSet.length) {
      // A half-configured OAuth mode: name every missing variable.
      for (const name of oauthNeeds.filter((n) => !env[n])) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `must be set too (installs in many workspaces need ${oauthNeeds.join(", ")})`,
        });
      }
      if (env.SLACK_APP_TOKEN) {
        ctx.addIssue({
          code: "custom",
          path: ["SLACK_APP_TOKEN"],
          message: "must be unset with SLACK_CLIENT_ID: installs go through the HTTP endpoint, not Socket Mode",
        });
      }
      return;
    }
    // A half-configured single-token mode is an error: the adapter needs both.
    if (Boolean(env.SLACK_BOT_TOKEN) === Boolean(env.SLACK_SIGNING_SECRET)) return;
    ctx.addIssue({
      code: "custom",
      path: [env.SLACK_BOT_TOKEN ? "SLACK_SIGNING_SECRET" : "SLACK_BOT_TOKEN"],
      message: env.SLACK_BOT_TOKEN
        ? "must be set too (Slack needs the bot token and the signing secret)"
        : "must be set too (Slack needs the bot token and the signing secret; or, for installs in many workspaces, " +
          "SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and TOKEN_ENCRYPTION_KEY)",
    });
  });

type SlackEnv = z.infer<typeof slackConfigSchema>;

/** One workspace, one bot token (SLACK_BOT_TOKEN): what `npm start` uses with credentials set. */
interface SingleTokenMode {
  mode: "single";
  botToken: string;
}

/** Installs in many workspaces through Bolt's OAuth installer; their tokens sealed with `tokenKeys`. */
export interface OAuthMode {
  mode: "oauth";
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  tokenKeys: TokenKeys;
  /** Where the "Add to Slack" button sends the browser (follows SLACK_API_URL: GovSlack, tests). */
  authorizationUrl?: string;
}

export type SlackConfig = (SingleTokenMode | OAuthMode) & {
  signingSecret: string;
  appToken?: string;
  apiUrl?: string;
  /** The users.list pace of the directory sync; undefined when the sync is off. */
  directoryCallsPerMinute?: number;
};

function modeOf(parsed: SlackEnv): SingleTokenMode | OAuthMode | undefined {
  if (parsed.SLACK_BOT_TOKEN) return { mode: "single", botToken: parsed.SLACK_BOT_TOKEN };
  const tokenKeys = tokenKeysFrom(parsed);
  const { SLACK_CLIENT_ID: clientId, SLACK_CLIENT_SECRET: clientSecret, SLACK_STATE_SECRET: stateSecret } = parsed;
  if (!clientId || !clientSecret || !stateSecret || !tokenKeys) return undefined;
  // Slack's authorize page lives beside its Web API: https://slack.com/api/ → https://slack.com/oauth/v2/authorize.
  const api = parsed.SLACK_API_URL;
  const authorizationUrl = api ? new URL("../oauth/v2/authorize", api.endsWith("/") ? api : `${api}/`).href : undefined;
  return {
    mode: "oauth",
    clientId,
    clientSecret,
    stateSecret,
    tokenKeys,
    ...(authorizationUrl ? { authorizationUrl } : {}),
  };
}

/** The Slack slice of the settings; undefined when Slack is not configured. */
export function slackConfigFrom(parsed: SlackEnv): SlackConfig | undefined {
  const { SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: apiUrl } = parsed;
  const mode = modeOf(parsed);
  if (!mode || !signingSecret) return undefined;
  return {
    ...mode,
    signingSecret,
    ...(parsed.SLACK_APP_TOKEN ? { appToken: parsed.SLACK_APP_TOKEN } : {}),
    ...(apiUrl ? { apiUrl: apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/` } : {}),
    ...(parsed.SLACK_DIRECTORY_SYNC === "on"
      ? { directoryCallsPerMinute: parsed.SLACK_DIRECTORY_CALLS_PER_MINUTE }
      : {}),
  };
}

/** chat.postMessage's rates from the settings: what the Slack adapter declares to the pacer. */
export function slackRatesFrom(parsed: SlackEnv): PlatformRates {
  return {
    ratePerSecond: parsed.SLACK_RATE_PER_SECOND,
    conversationRatePerSecond: parsed.SLACK_CHANNEL_RATE_PER_SECOND,
  };
}
