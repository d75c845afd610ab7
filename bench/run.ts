// `npm run bench`: runs every bench/*.bench.ts in turn (or those named on the command line) and prints their ratios.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((name) => name.endsWith(".bench.ts"))
  .filter((name) => !wanted.length || wanted.some((w) => name.startsWith(w)))
  .sort();

let failed = 0;
for (const name of benches) {
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(process.execPath, ["--import", "tsx", join(here, name)], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
if (!benches.length) console.log("No benchmarks found.");
process.exitCode = failed ? 1 : 0;
