import { CliError, type SlackDirectorySync } from "./cli/program.js";
import type { Config } from "./config.js";

// The platforms' directory syncs as the command line runs them (`spreekuur directory sync`): wiring beside
// app.ts, since a command group may not reach into the Slack adapter itself.

/** users.list is Tier 2: about 20 calls a minute, unless the Slack settings pace it otherwise. */
const tier2CallsPerMinute = 20;

/**
 * `spreekuur directory sync`: the Slack adapter's sync with its own paced client, loaded only when asked for (it
 * brings the Web API client). It resumes a sync under way at its cursor.
 */
export function slackDirectorySync(settings: () => Config): SlackDirectorySync {
  return async (ctx) => {
    const { slack, directory } = settings();
    // OAuth mode: each installation's directory syncs in the running bot.
    if (slack?.mode !== "single") return { outcome: "not configured" };
    const { createDirectoryClient, syncSlackDirectory } = await import("./slack/directory-sync.js");
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
