// `npm run build [outDir]`: compiles src/ and adapters/ into dist/ (or outDir) and copies the files they read at run
// time beside them, in the repository's layout, so paths relative to import.meta.url resolve the same in dist.
import { execFileSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { repoRoot } from "./shared-path.js";

/** Read at run time: the example sessions and report format (examples/), the playground page and its assets. */
const runtimeAssets = ["examples", "adapters/playground/public", "adapters/dashboard/public"];

const outDir = resolve(repoRoot, process.argv[2] ?? "dist");
// Only what this build writes goes first (a file removed from src/ must not linger); other files in dist stay.
for (const dir of ["src", "adapters", "examples"]) rmSync(join(outDir, dir), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
try {
  execFileSync(process.execPath, [tsc, "-p", join(repoRoot, "tsconfig.build.json"), "--outDir", outDir], {
    stdio: "inherit",
  });
} catch {
  process.exit(1); // tsc has printed the errors
}
for (const dir of runtimeAssets) cpSync(join(repoRoot, dir), join(outDir, dir), { recursive: true });
console.log(`Built ${outDir}: node ${join(outDir, "adapters/main.js")}`);
