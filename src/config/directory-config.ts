import { z } from "zod";

/**
 * The member directory: which accounts it takes from the platforms, when it syncs, and linking one person's
 * accounts by e-mail. Without a key no e-mail (not even its hash) is stored and accounts link only by `koppel`.
 */
export const directoryConfigSchema = z.object({
  /** HMAC key for the e-mail hash that links a person's Slack and Teams accounts (at least 32 characters). */
  MEMBER_EMAIL_KEY: z.string().min(32, "must be at least 32 characters (a random secret)").optional(),
  /** Whether guest accounts (Slack single/multi-channel guests, Teams guests) are members too. */
  DIRECTORY_GUESTS: z.enum(["include", "skip"], { message: "must be include or skip" }).default("skip"),
  /** When the full directory sync runs (cron, in BOT_TIMEZONE); it also runs at start. */
  DIRECTORY_SYNC_CRON: z.string().min(9, "must be a cron pattern such as 0 3 * * *").default("0 3 * * *"),
});

export type DirectoryConfig = z.infer<typeof directoryConfigSchema>;
