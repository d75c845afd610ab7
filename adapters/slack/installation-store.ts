import type { Installation as BoltInstallation, InstallationQuery, InstallationStore } from "@slack/bolt";
import type { Clock } from "../../src/clock.js";
import type { TokenKeys } from "../../src/config/token-key-config.js";
import {
  activeInstallations,
  findInstallation,
  type Installation,
  removeInstallation,
  saveInstallation,
} from "../../src/domain/installations.js";
import { releaseWorkspace } from "../../src/domain/workspace-holds.js";
import type { Logger } from "../../src/log.js";
import { createSecretBox } from "../../src/services/secret-box.js";
import { resealTokens } from "../../src/services/token-seals.js";
import { type Db, inTransaction } from "../../src/storage/db.js";
import type { WorkspaceTokens } from "./workspace-tokens.js";

// The installs made through Bolt's OAuth installer (@slack/oauth), kept in SQLite with the bot token sealed
// (services/secret-box.ts). An org-wide install (Enterprise Grid) is one workspace: the enterprise id; any other
// install is its team. Only what the bot needs is kept: never a user token, never who installed.

export interface SlackInstallations {
  /** Bolt's installation store: the installer stores into it, Bolt's authorize fetches from it for every event. */
  store: InstallationStore;
  /** The bot tokens of the installs, opened once and kept in memory. */
  tokens: WorkspaceTokens;
  /** Called after an install is stored (a first install or a reinstall): wake the sends, sync the directory. */
  onInstalled(listener: (workspace: string) => void): void;
  /** Uninstalled or revoked: the token is deleted and forgotten. True when there was an installation. */
  remove(workspace: string): boolean;
}

export interface InstallationsOptions {
  db: Db;
  keys: TokenKeys;
  clock: Clock;
  log: Logger;
}

const platform = "slack";

interface Active {
  installation: Installation;
  token: string;
}

/** The workspace an install or a query is about: the enterprise of an org-wide install, else the team. */
function workspaceOf(q: { isEnterpriseInstall?: boolean; enterpriseId?: string | undefined; teamId?: string }) {
  return q.isEnterpriseInstall ? q.enterpriseId : q.teamId;
}

/** What Bolt's authorize reads: the bot's token and ids, the team or enterprise. */
function toBolt({ installation: i, token }: Active): BoltInstallation {
  return {
    team: i.enterpriseInstall || !i.teamId ? undefined : { id: i.teamId, ...(i.name ? { name: i.name } : {}) },
    enterprise: i.enterpriseId ? { id: i.enterpriseId } : undefined,
    user: { id: "", token: undefined, scopes: undefined },
    bot: { token, scopes: i.scopes, id: i.botId ?? "", userId: i.botUserId ?? "" },
    ...(i.appId ? { appId: i.appId } : {}),
    tokenType: "bot",
    isEnterpriseInstall: i.enterpriseInstall,
    authVersion: "v2",
  };
}

/**
 * The installations over SQLite. At start every stored token is opened (a wrong key stops the start, naming the
 * setting) and those sealed with an old key are re-sealed under TOKEN_ENCRYPTION_KEY.
 */
export function slackInstallations({ db, keys, clock, log }: InstallationsOptions): SlackInstallations {
  const box = createSecretBox(keys);
  const resealed = resealTokens(db, platform, box);
  if (resealed) log.info({ resealed }, "slack tokens re-sealed under the current key");
  const cache = new Map<string, Active>();
  const listeners: ((workspace: string) => void)[] = [];

  const active = (workspace: string): Active | undefined => {
    const cached = cache.get(workspace);
    if (cached) return cached;
    const installation = findInstallation(db, platform, workspace);
    if (!installation?.sealedBotToken) return undefined;
    const found = { installation, token: box.open(installation.sealedBotToken) };
    cache.set(workspace, found);
    return found;
  };

  const store: InstallationStore = {
    async storeInstallation(installation) {
      const workspace = workspaceOf({
        isEnterpriseInstall: installation.isEnterpriseInstall === true,
        enterpriseId: installation.enterprise?.id,
        ...(installation.team?.id ? { teamId: installation.team.id } : {}),
      });
      const bot = installation.bot;
      if (!workspace || !bot) throw new Error("an install without a workspace or a bot token");
      const enterpriseInstall = installation.isEnterpriseInstall === true;
      const name = (enterpriseInstall ? installation.enterprise?.name : installation.team?.name) ?? null;
      inTransaction(db, () => {
        saveInstallation(
          db,
          {
            platform,
            workspace,
            teamId: installation.team?.id ?? null,
            enterpriseId: installation.enterprise?.id ?? null,
            enterpriseInstall,
            name,
            appId: installation.appId ?? null,
            botId: bot.id || null,
            botUserId: bot.userId || null,
            scopes: bot.scopes,
            sealedBotToken: box.seal(bot.token),
          },
          clock.now(),
        );
        // Installed again after an uninstall: the messages held for this workspace go out.
        releaseWorkspace(db, platform, workspace);
      });
      cache.delete(workspace);
      log.info({ workspace, enterpriseInstall }, "slack app installed");
      for (const listener of listeners) {
        try {
          listener(workspace);
        } catch (error) {
          log.error({ workspace, err: error instanceof Error ? error.name : "error" }, "slack install listener failed");
        }
      }
    },

    async fetchInstallation(query: InstallationQuery<boolean>) {
      const workspace = workspaceOf(query);
      // A workspace of an organisation installed org-wide: the enterprise's install speaks for it.
      const found = (workspace && active(workspace)) || (query.enterpriseId ? active(query.enterpriseId) : undefined);
      if (!found) throw new Error(`no installation for workspace ${workspace ?? "?"}`);
      return toBolt(found);
    },

    async deleteInstallation(query: InstallationQuery<boolean>) {
      const workspace = workspaceOf(query);
      if (workspace) remove(workspace);
    },
  };

  function remove(workspace: string): boolean {
    cache.delete(workspace);
    return removeInstallation(db, platform, workspace, clock.now());
  }

  return {
    store,
    tokens: {
      botToken: (workspace) => (workspace ? active(workspace)?.token : undefined),
      workspaces: () => activeInstallations(db, platform).map((i) => i.workspace),
    },
    onInstalled: (listener) => void listeners.push(listener),
    remove,
  };
}
