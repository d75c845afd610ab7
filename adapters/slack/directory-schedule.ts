import type { webApi } from "@slack/bolt";
import { Cron } from "croner";
import type { DirectoryConfig } from "../../src/config/directory-config.js";
import type { CoreContext } from "../../src/services/context.js";
import { toCron } from "../../src/time/schedule.js";
import { createDirectoryClient, type DirectorySyncCounts, syncSlackDirectory } from "./directory-sync.js";
import type { WorkspaceTokens } from "./workspace-tokens.js";

// The Slack directory syncs while the bot runs: one per installed workspace, each with its own token and its own
// Tier 2 pace (Slack counts users.list per workspace), once at start (resuming a sync a crash cut short), at
// DIRECTORY_SYNC_CRON in BOT_TIMEZONE, and when the app is installed in a new workspace. One sync at a time per
// workspace; stopping aborts them between pages.

export interface DirectorySchedule {
  /** A new install (or reinstall): its directory syncs now, unless a sync of it is under way. */
  syncWorkspace(workspace: string): Promise<DirectorySyncCounts | undefined>;
  /** Uninstalled: the workspace's sync under way stops between pages (its cursor stays for a reinstall). */
  forget(workspace: string): void;
  /** Stops the schedule and the syncs under way (between pages); resolves when they have stopped. */
  stop(): Promise<void>;
}

export interface DirectoryScheduleOptions {
  ctx: CoreContext;
  directory: DirectoryConfig;
  tokens: WorkspaceTokens;
  clientOptions: webApi.WebClientOptions;
  /** users.list calls a minute, per workspace. */
  callsPerMinute: number;
}

export function startDirectorySchedule(options: DirectoryScheduleOptions): DirectorySchedule {
  const { ctx, directory, tokens } = options;
  const stopping = new AbortController();
  const running = new Map<string, { sync: Promise<DirectorySyncCounts | undefined>; abort: AbortController }>();

  /** A sync of the workspace now, or the one under way. */
  function run(workspace: string): Promise<DirectorySyncCounts | undefined> {
    const underWay = running.get(workspace);
    if (underWay) return underWay.sync;
    const token = tokens.botToken(workspace || undefined);
    if (stopping.signal.aborted || token === undefined) return Promise.resolve(undefined);
    const abort = new AbortController();
    const sync = syncSlackDirectory({
      // Its own client per run: paced calls never queue behind or ahead of messages.
      client: createDirectoryClient(token, options.clientOptions),
      db: ctx.db,
      clock: ctx.clock,
      log: ctx.log,
      settings: directory,
      callsPerMinute: options.callsPerMinute,
      signal: AbortSignal.any([stopping.signal, abort.signal]),
    })
      .catch((error: unknown) => {
        // The sync logged the Slack error code; the next run resumes at the stored cursor.
        ctx.log.warn({ err: error instanceof Error ? error.message : "unknown" }, "slack directory sync failed");
        return undefined;
      })
      .finally(() => running.delete(workspace));
    running.set(workspace, { sync, abort });
    return sync;
  }

  /** Every installed workspace at once: each waits only for its own pace. */
  const runAll = async () => {
    await Promise.all(tokens.workspaces().map(run));
  };

  const cron = toCron(directory.DIRECTORY_SYNC_CRON);
  if (!cron) ctx.log.warn({ setting: "DIRECTORY_SYNC_CRON" }, "not a schedule: the directory syncs at start only");
  const job = cron
    ? new Cron(cron, { name: "slack-directory-sync", timezone: ctx.config.BOT_TIMEZONE, protect: true }, runAll)
    : undefined;
  void runAll();
  return {
    syncWorkspace: run,
    forget(workspace) {
      running.get(workspace)?.abort.abort();
    },
    async stop() {
      job?.stop();
      stopping.abort();
      await Promise.all([...running.values()].map((r) => r.sync));
    },
  };
}
