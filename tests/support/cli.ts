import { runCli } from "../../adapters/cli/main.js";

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs the `spreekuur` command line in-process against the given environment (e.g. a test's DATABASE_PATH). */
export async function cli(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
  let out = "";
  let err = "";
  const code = await runCli(args, {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    env,
  });
  return { code, out, err };
}
