import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { type MemberKey, parseMemberKey } from "../../src/domain/member-key.js";
import { ReportFormatError } from "../../src/domain/report-format.js";
import type { CoreContext } from "../../src/services/context.js";

/** Thrown for a user error: printed as it is, exit code 1. */
export class CliError extends Error {}

/** A JSON file the user names; what is wrong with it as the CLI's error. */
export function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

/** A report format (or a part of one) read by `load`; its problems as the CLI's error. */
export function formatOrFail<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ReportFormatError) throw new CliError(error.message);
    throw error;
  }
}

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** What a command group gets: where to write, and the core context (opened on first use). */
interface CliDeps {
  io: CliIo;
  context: () => CoreContext;
}

/** A command group adds its commands to the program; one file per group under `commands/`. */
export type RegisterCommands = (program: Command, deps: CliDeps) => void;

export function memberKeyArgument(value: string): MemberKey {
  const key = parseMemberKey(value);
  if (!key) throw new InvalidArgumentError("expected platform:userId, e.g. slack:U012AB3CD or teams:29:1abc");
  return key;
}
