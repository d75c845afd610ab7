import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { PlatformRates, RateWindow } from "../../src/contract.js";

const perSecond = (fallback: number) =>
  z.coerce.number({ message: "must be a number of messages per second" }).positive("must be above 0").default(fallback);

const appTypes = ["SingleTenant", "MultiTenant", "UserAssignedMSI"] as const;

/** The bot's Microsoft app id, declared once: the bot's settings and the Teams app package both read it. */
export const teamsAppIdSchema = z.object({
  /** Empty: no authentication, for local use (playground, tests) only. */
  MICROSOFT_APP_ID: z.string().optional(),
});

/** The app id from its validated variable; unset (or blank) means no authentication. */
export function teamsAppIdFrom(parsed: z.infer<typeof teamsAppIdSchema>): string | undefined {
  return parsed.MICROSOFT_APP_ID || undefined;
}

/** Teams' settings; adapters/config.ts validates them with every other part's (one error lists them all). */
export const teamsConfigSchema = z
  .object({
    ...teamsAppIdSchema.shape,
    MICROSOFT_APP_PASSWORD: z.string().optional(),
    MICROSOFT_APP_TENANT_ID: z.string().optional(),
    MICROSOFT_APP_TYPE: z.enum(appTypes, { message: `must be one of ${appTypes.join(", ")}` }).default("SingleTenant"),
    /** Signs calendar links; without it a random secret is used and links stop working after a restart. */
    CALENDAR_LINK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
    /** 50 requests/s per app per tenant, 7/s per conversation (teamsConversationWindows for the longer ones). */
    TEAMS_RATE_PER_SECOND: perSecond(50),
    TEAMS_CONVERSATION_RATE_PER_SECOND: perSecond(7),
  })
  .superRefine((env, ctx) => {
    if (!teamsAppIdFrom(env)) return;
    if (env.MICROSOFT_APP_TYPE !== "UserAssignedMSI" && !env.MICROSOFT_APP_PASSWORD) {
      ctx.addIssue({ code: "custom", path: ["MICROSOFT_APP_PASSWORD"], message: "is required with MICROSOFT_APP_ID" });
    }
    if (env.MICROSOFT_APP_TYPE !== "MultiTenant" && !env.MICROSOFT_APP_TENANT_ID) {
      ctx.addIssue({
        code: "custom",
        path: ["MICROSOFT_APP_TENANT_ID"],
        message: `is required for MICROSOFT_APP_TYPE=${env.MICROSOFT_APP_TYPE}`,
      });
    }
  });

/**
 * Teams' longer limits per bot per thread, beside the 7/s: 8 per 2 s, 60 per 30 s, 1,800 an hour ("Send to
 * conversation" and "Create conversation" in Microsoft's "Rate limiting for bots",
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit). The per-second rate and the tenant's
 * 50/s come from the settings; these are Teams' own and not configurable.
 */
const teamsConversationWindows: readonly RateWindow[] = [
  { limit: 8, perMs: 2_000 },
  { limit: 60, perMs: 30_000 },
  { limit: 1_800, perMs: 3_600_000 },
];

export interface TeamsConfig {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType: (typeof appTypes)[number];
  publicUrl: string;
  /** PUBLIC_URL unset: calendar links follow the port the server is bound to (the app sets publicUrl after listen). */
  publicUrlFollowsPort: boolean;
  calendarSecret: string;
  /** CALENDAR_LINK_SECRET is set: links signed now still open after a restart (else the secret is this start's). */
  calendarSecretKept: boolean;
  /** True when requests are checked for a Bot Framework token. */
  authenticated: boolean;
  /** What the adapter declares to the pacer: per tenant (each tenant has a lane and a pacer of its own). */
  rates: PlatformRates;
}

/**
 * The Teams slice of the settings. `web` is the core's PORT and PUBLIC_URL: the links' base is localhost:PORT until
 * PUBLIC_URL says otherwise.
 */
export function teamsConfigFrom(
  parsed: z.infer<typeof teamsConfigSchema>,
  web: { PORT: number; PUBLIC_URL?: string | undefined },
): TeamsConfig {
  const appId = teamsAppIdFrom(parsed);
  return {
    ...(appId ? { appId } : {}),
    ...(parsed.MICROSOFT_APP_PASSWORD ? { appPassword: parsed.MICROSOFT_APP_PASSWORD } : {}),
    ...(parsed.MICROSOFT_APP_TENANT_ID ? { tenantId: parsed.MICROSOFT_APP_TENANT_ID } : {}),
    appType: parsed.MICROSOFT_APP_TYPE,
    publicUrl: web.PUBLIC_URL ?? `http://localhost:${web.PORT}`,
    publicUrlFollowsPort: !web.PUBLIC_URL,
    calendarSecret: parsed.CALENDAR_LINK_SECRET ?? randomBytes(32).toString("hex"),
    calendarSecretKept: Boolean(parsed.CALENDAR_LINK_SECRET),
    authenticated: Boolean(appId),
    rates: {
      ratePerSecond: parsed.TEAMS_RATE_PER_SECOND,
      conversationRatePerSecond: parsed.TEAMS_CONVERSATION_RATE_PER_SECOND,
      conversationWindows: teamsConversationWindows,
    },
  };
}
