import { CommanderError } from "commander";
import { ConfigError } from "../../src/env.js";
import { type Config, loadConfig } from "../config.js";
import { buildProgram, CliError, type CliIo, type SlackDirectorySync } from "./program.js";

/** Where the CLI writes, and the environment its settings come from (bin/spreekuur.js passes the process's own). */
export interface CliEnvironment extends CliIo {
  env: Record<string, string | undefined>;
}

/** Runs the CLI; resolves to the exit code. */
export async function runCli(argv: string[], io: CliEnvironment): Promise<number> {
  const { env, ...output } = io;
  // Read on first use: a command that needs no database (--help) needs no valid settings either.
  let config: Config | undefined;
  const settings = () => {
    config ??= loadConfig(env);
    return config;
  };
  try {
    await buildProgram(output, () => settings().core, slackDirectorySync(settings)).parseAsync(argv, {
      from: "user",
    });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError || error instanceof ConfigError) {
      io.err(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** users.list is Tier 2: about 20 calls a minute, unless the Slack settings pace it otherwise. */
const tier2CallsPerMinute = 20;

/**
 * `spreekuur directory sync`: the Slack adapter's sync with its own paced client, loaded only when asked for (it
 * brings the Web API client). It resumes a sync under way at its cursor.
 */
function slackDirectorySync(settings: () => Config): SlackDirectorySync {
  return async (ctx) => {
    const { slack, directory } = settings();
    if (!slack) return { outcome: "not configured" };
    const { createDirectoryClient, syncSlackDirectory } = await import("../slack/directory-sync.js");
    const client = createDirectoryClient(slack.botToken, slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {});
    try {
      const counts = await syncSlackDirectory({
        client,
        db: ctx.db,
        clock: ctx.clock,
        log: ctx.log,
        settings: directory,
        callsPerMinute: slack.directoryCallsPerMinute ?? tier2CallsPerMinute,
      });
      return { outcome: "synced", counts: { ...counts } };
    } catch (error) {
      // The sync's error names the Slack error code (invalid_auth, missing_scope), never a token.
      throw new CliError(error instanceof Error ? error.message : "slack directory sync failed");
    }
  };
}
