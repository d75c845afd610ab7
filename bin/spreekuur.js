#!/usr/bin/env node
// `npx spreekuur …`: with the dev dependencies (a checkout) the TypeScript CLI runs directly through tsx, so there is
// no build step and never a stale dist/; in a production install (`npm ci --omit=dev`: no tsx) the built CLI runs.
import { existsSync } from "node:fs";

// `spreekuur sessions list | head` closes the pipe early: that is not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

async function tsxRegister() {
  try {
    return (await import("tsx/esm/api")).register;
  } catch (error) {
    if (error.code === "ERR_MODULE_NOT_FOUND") return undefined;
    throw error;
  }
}

async function loadCli() {
  const register = await tsxRegister();
  if (register) {
    register();
    return import("../adapters/cli/main.ts");
  }
  const built = new URL("../dist/adapters/cli/main.js", import.meta.url);
  if (existsSync(built)) return import(built.href);
  console.error("spreekuur: run `npm run build` first (or `npm install` with the dev dependencies).");
  process.exit(1);
}

const { runCli } = await loadCli();
// The entry point is where the environment is read: the CLI gets it, with where to write, as its only input.
process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  env: process.env,
});
