import type { webApi } from "@slack/bolt";
import { Cron } from "croner";
import type { DirectoryConfig } from "../../src/config/directory-config.js";
import type { CoreContext } from "../../src/services/context.js";
import { toCron } from "../../src/time/schedule.js";
import { createDirectoryClient, type DirectorySyncCounts, syncSlackDirectory } from "./directory-sync.js";

// The Slack directory sync while the bot runs: once at start (resuming a sync a crash cut short) and then at
// DIRECTORY_SYNC_CRON in BOT_TIMEZONE. One sync at a time; stopping aborts it between pages.

export interface DirectorySchedule {
  /** Stops the schedule and the sync under way (between pages); resolves when it has stopped. */
  stop(): Promise<void>;
}

export interface DirectoryScheduleOptions {
  ctx: CoreContext;
  directory: DirectoryConfig;
  token: string;
  clientOptions: webApi.WebClientOptions;
  callsPerMinute: number;
}

export function startDirectorySchedule(options: DirectoryScheduleOptions): DirectorySchedule {
  const { ctx, directory } = options;
  const client = createDirectoryClient(options.token, options.clientOptions);
  const abort = new AbortController();
  let running: Promise<DirectorySyncCounts | undefined> | undefined;

  /** A sync now, or the one under way. */
  function run(): Promise<DirectorySyncCounts | undefined> {
    if (abort.signal.aborted) return Promise.resolve(undefined);
    running ??= syncSlackDirectory({
      client,
      db: ctx.db,
      clock: ctx.clock,
      log: ctx.log,
      settings: directory,
      callsPerMinute: options.callsPerMinute,
      signal: abort.signal,
    })
      .catch((error: unknown) => {
        // The sync logged the Slack error code; the next run resumes at the stored cursor.
        ctx.log.warn({ err: error instanceof Error ? error.message : "unknown" }, "slack directory sync failed");
        return undefined;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  const cron = toCron(directory.DIRECTORY_SYNC_CRON);
  if (!cron) ctx.log.warn({ setting: "DIRECTORY_SYNC_CRON" }, "not a schedule: the directory syncs at start only");
  const job = cron
    ? new Cron(cron, { name: "slack-directory-sync", timezone: ctx.config.BOT_TIMEZONE, protect: true }, async () => {
        await run();
      })
    : undefined;
  void run();
  return {
    async stop() {
      job?.stop();
      abort.abort();
      await running;
    },
  };
}
