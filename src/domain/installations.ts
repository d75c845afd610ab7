import type { Platform } from "../contract.js";
import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";

// Installations of the app in a workspace (Slack OAuth v2): who the bot is there and its token, sealed. The seal
// is the caller's (services/secret-box.ts): this module stores and finds opaque text, never a plain token.

export interface Installation {
  platform: Platform;
  /** The team id, or the enterprise id of an org-wide install. */
  workspace: string;
  teamId: string | null;
  enterpriseId: string | null;
  enterpriseInstall: boolean;
  name: string | null;
  appId: string | null;
  botId: string | null;
  botUserId: string | null;
  scopes: string[];
  /** Sealed bot token; null once uninstalled or revoked. */
  sealedBotToken: string | null;
  installedAt: number;
  updatedAt: number;
  removedAt: number | null;
}

export type NewInstallation = Omit<Installation, "installedAt" | "updatedAt" | "removedAt">;

interface InstallationRow {
  platform: Platform;
  workspace: string;
  team_id: string | null;
  enterprise_id: string | null;
  enterprise_install: number;
  name: string | null;
  app_id: string | null;
  bot_id: string | null;
  bot_user_id: string | null;
  scopes: string;
  bot_token: string | null;
  installed_at: number;
  updated_at: number;
  removed_at: number | null;
}

const columns = `platform, workspace, team_id, enterprise_id, enterprise_install, name, app_id, bot_id, bot_user_id,
  scopes, bot_token, installed_at, updated_at, removed_at`;

function toInstallation(row: InstallationRow): Installation {
  return {
    platform: row.platform,
    workspace: row.workspace,
    teamId: row.team_id,
    enterpriseId: row.enterprise_id,
    enterpriseInstall: row.enterprise_install === 1,
    name: row.name,
    appId: row.app_id,
    botId: row.bot_id,
    botUserId: row.bot_user_id,
    scopes: row.scopes ? row.scopes.split(",") : [],
    sealedBotToken: row.bot_token,
    installedAt: row.installed_at,
    updatedAt: row.updated_at,
    removedAt: row.removed_at,
  };
}

/** Stores an install (a reinstall replaces the token and scopes, and ends an earlier removal). */
export function saveInstallation(db: Db, install: NewInstallation, now: number): void {
  statement(
    db,
    `INSERT INTO installations (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
     ON CONFLICT (platform, workspace) DO UPDATE SET team_id = excluded.team_id,
       enterprise_id = excluded.enterprise_id, enterprise_install = excluded.enterprise_install,
       name = coalesce(excluded.name, name), app_id = excluded.app_id, bot_id = excluded.bot_id,
       bot_user_id = excluded.bot_user_id, scopes = excluded.scopes, bot_token = excluded.bot_token,
       updated_at = excluded.updated_at, removed_at = NULL`,
  ).run(
    install.platform,
    install.workspace,
    install.teamId,
    install.enterpriseId,
    install.enterpriseInstall ? 1 : 0,
    install.name,
    install.appId,
    install.botId,
    install.botUserId,
    install.scopes.join(","),
    install.sealedBotToken,
    now,
    now,
  );
}

/** The installation of a workspace, also a removed one (its token then null). */
export function findInstallation(db: Db, platform: Platform, workspace: string): Installation | undefined {
  const row = statement<[Platform, string], InstallationRow>(
    db,
    `SELECT ${columns} FROM installations WHERE platform = ? AND workspace = ?`,
  ).get(platform, workspace);
  return row && toInstallation(row);
}

/** Every installation of a platform with a token (the directory syncs, the token rotation). */
export function activeInstallations(db: Db, platform: Platform): Installation[] {
  return statement<[Platform], InstallationRow>(
    db,
    `SELECT ${columns} FROM installations WHERE platform = ? AND bot_token IS NOT NULL ORDER BY workspace`,
  )
    .all(platform)
    .map(toInstallation);
}

/** Uninstalled or revoked: the token is deleted, the row stays (when, and that it is gone). */
export function removeInstallation(db: Db, platform: Platform, workspace: string, now: number): boolean {
  return (
    statement<[number, number, Platform, string]>(
      db,
      "UPDATE installations SET bot_token = NULL, removed_at = ?, updated_at = ? WHERE platform = ? AND workspace = ?",
    ).run(now, now, platform, workspace).changes > 0
  );
}

/** Re-sealed under a new key (rotation); true when the row still had that token. */
export function replaceSealedToken(
  db: Db,
  platform: Platform,
  workspace: string,
  sealedBefore: string,
  sealedAfter: string,
): boolean {
  return (
    statement<[string, Platform, string, string]>(
      db,
      "UPDATE installations SET bot_token = ? WHERE platform = ? AND workspace = ? AND bot_token = ?",
    ).run(sealedAfter, platform, workspace, sealedBefore).changes > 0
  );
}

interface EnterpriseRow {
  enterprise_id: string;
}

/** The Enterprise Grid organisation a workspace (a team, or the enterprise itself) belongs to, if installed there. */
function organisationOf(db: Db, platform: Platform, workspace: string): string | undefined {
  return statement<[Platform, string, string], EnterpriseRow>(
    db,
    `SELECT enterprise_id FROM installations WHERE platform = ? AND enterprise_id IS NOT NULL
       AND (workspace = ? OR enterprise_id = ?) LIMIT 1`,
  ).get(platform, workspace, workspace)?.enterprise_id;
}

/** Whether two workspaces are one organisation: the same, or in the same Enterprise Grid (as installs tell). */
export function sameOrganisation(db: Db, platform: Platform, a: string, b: string): boolean {
  if (a === b) return true;
  const organisation = organisationOf(db, platform, a);
  return organisation !== undefined && organisation === organisationOf(db, platform, b);
}
