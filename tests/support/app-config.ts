import { type Config, loadConfig } from "../../adapters/config.js";

/**
 * The app's settings for a test, through `loadConfig` like the bot's own: on a random free port (the schema wants
 * 1-65535 for real deployments), without the playground and the Slack directory sync unless the variables ask for
 * them (PLAYGROUND=on, SLACK_DIRECTORY_SYNC=on): a sync at start would add Web API calls to every Slack test.
 */
export function testConfig(env: Record<string, string | undefined> = {}): Config {
  const config = loadConfig({ PLAYGROUND: "off", SLACK_DIRECTORY_SYNC: "off", ...env });
  return { ...config, core: { ...config.core, PORT: 0 } };
}
