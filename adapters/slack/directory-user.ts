import { z } from "zod";
import type { DirectoryConfig } from "../../src/config/directory-config.js";
import { type DirectoryEntry, markLeft, upsertDirectoryEntry } from "../../src/domain/directory.js";
import { findIdentity } from "../../src/domain/identities.js";
import { emailHash } from "../../src/services/email-hash.js";
import type { Db } from "../../src/storage/db.js";

// One Slack account as users.list, users.info, team_join and user_change give it, and what the directory makes of
// it. Only the fields read here are checked; names and the address itself never leave this file.

export const slackUserSchema = z.object({
  id: z.string().min(1),
  team_id: z.string().optional(),
  deleted: z.boolean().optional(),
  is_bot: z.boolean().optional(),
  is_restricted: z.boolean().optional(),
  is_ultra_restricted: z.boolean().optional(),
  /** With include_locale: true, e.g. "nl-NL". */
  locale: z.string().optional(),
  /** Only with users:read.email, and Slack gives only verified addresses. */
  profile: z.object({ email: z.string().optional() }).optional(),
  /** Enterprise Grid: the organisation the account belongs to. */
  enterprise_user: z.object({ enterprise_id: z.string().optional() }).optional(),
});

export type SlackUser = z.infer<typeof slackUserSchema>;

/** Slackbot is no bot by `is_bot`, but is nobody to reach either. */
const slackbot = "USLACKBOT";

export type DirectorySettings = Pick<DirectoryConfig, "DIRECTORY_GUESTS" | "MEMBER_EMAIL_KEY">;

/** Why an account is not a member of the directory, or undefined when it is one. */
function notAMember(user: SlackUser, settings: DirectorySettings): "bot" | "deleted" | "guest" | undefined {
  if (user.is_bot || user.id === slackbot) return "bot";
  if (user.deleted) return "deleted";
  const guest = Boolean(user.is_restricted || user.is_ultra_restricted);
  return guest && settings.DIRECTORY_GUESTS !== "include" ? "guest" : undefined;
}

/** The platform's language when it is one the bot speaks. */
function localeOf(user: SlackUser): "nl" | "en" | undefined {
  const language = user.locale?.slice(0, 2).toLowerCase();
  return language === "nl" || language === "en" ? language : undefined;
}

function entryOf(user: SlackUser, workspace: string, settings: DirectorySettings): DirectoryEntry {
  const email = user.profile?.email;
  return {
    platform: "slack",
    workspace,
    userId: user.id,
    guest: Boolean(user.is_restricted || user.is_ultra_restricted),
    locale: localeOf(user),
    emailHash: settings.MEMBER_EMAIL_KEY && email ? emailHash(settings.MEMBER_EMAIL_KEY, email) : undefined,
  };
}

export type UserOutcome = "added" | "updated" | "left" | "skipped";

/**
 * Records what Slack says of one account: a member is added or updated; a deleted account leaves; a bot, or a
 * guest while guests are skipped, is skipped (and leaves the directory if it was in it, e.g. a member made guest).
 */
export function applySlackUser(
  db: Db,
  user: SlackUser,
  workspace: string,
  settings: DirectorySettings,
  now: number,
): UserOutcome {
  const known = findIdentity(db, "slack", user.id);
  const reason = notAMember(user, settings);
  if (reason === undefined) {
    upsertDirectoryEntry(db, entryOf(user, workspace, settings), now);
    return known ? "updated" : "added";
  }
  const leaves = known && known.leftAt === null && (reason === "deleted" || known.inDirectory);
  if (leaves && markLeft(db, "slack", user.id, now)) return "left";
  return "skipped";
}

/**
 * An account of another organisation (Slack Connect: user_change also comes for people in shared channels): not a
 * member here. Within one Enterprise Grid organisation the workspaces share their people.
 */
export function fromElsewhere(
  user: SlackUser,
  install: { teamId?: string | undefined; enterpriseId?: string | undefined },
) {
  if (!user.team_id || !install.teamId || user.team_id === install.teamId) return false;
  return !install.enterpriseId || user.enterprise_user?.enterprise_id !== install.enterpriseId;
}

/** Where the account's directory lives: the enterprise for an org-wide install, else the workspace (team). */
export function workspaceOf(install: {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  orgWide?: boolean;
}) {
  return (install.orgWide ? install.enterpriseId : install.teamId) ?? install.teamId ?? "";
}
