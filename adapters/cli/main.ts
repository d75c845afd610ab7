import { CommanderError } from "commander";
import { ConfigError } from "../../src/env.js";
import { type Config, loadConfig } from "../config.js";
import { slackDirectorySync } from "../directory-sync.js";
import { buildProgram, CliError, type CliIo } from "./program.js";

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
