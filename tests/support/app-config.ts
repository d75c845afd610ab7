import { type Config, loadConfig } from "../../adapters/config.js";

/**
 * The app's settings for a test, through `loadConfig` like the bot's own: on a random free port (the schema wants
 * 1-65535 for real deployments) and without the playground unless the variables ask for it (PLAYGROUND=on).
 */
export function testConfig(env: Record<string, string | undefined> = {}): Config {
  const config = loadConfig({ PLAYGROUND: "off", ...env });
  return { ...config, core: { ...config.core, PORT: 0 } };
}
