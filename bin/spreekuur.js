#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so `npx spreekuur …` needs no build step.
import { register } from "tsx/esm/api";

register();
// `spreekuur sessions list | head` closes the pipe early: that is not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});
const { runCli } = await import("../adapters/cli/main.ts");
process.exitCode = await runCli(process.argv.slice(2));
