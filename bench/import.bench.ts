// Session import of a large organiser file (50 MB `;` CSV, `BENCH_IMPORT_MB`): peak RSS and time of the real CLI
// import, each in its own process, next to a baseline process that only streams the same file through csv-parse.
// Also a file whose every row is bad: the bytes printed stay bounded (50 problems and a count).
import { spawnSync } from "node:child_process";
import { createReadStream, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse";
import { runCli } from "../adapters/cli/main.js";
import { tempDatabasePath } from "../tests/support/driver.js";
import { writeLargeSessionsCsv } from "../tests/support/session-csv-file.js";

const self = fileURLToPath(import.meta.url);
const [mode, file, database] = process.argv.slice(2);

interface ChildReport {
  ms: number;
  maxRssMb: number;
  code?: number;
  errBytes?: number;
  rows?: number;
}

async function child(): Promise<ChildReport> {
  const started = performance.now();
  if (mode === "baseline") {
    let rows = 0;
    for await (const _ of createReadStream(file ?? "").pipe(parse({ delimiter: ";", bom: true }))) rows++;
    return { ms: performance.now() - started, maxRssMb: process.resourceUsage().maxRSS / 1024, rows };
  }
  let errBytes = 0;
  const code = await runCli(["sessions", "import", file ?? ""], {
    out: () => {},
    err: (text) => {
      errBytes += Buffer.byteLength(text);
    },
    env: { DATABASE_PATH: database ?? "" },
  });
  return { ms: performance.now() - started, maxRssMb: process.resourceUsage().maxRSS / 1024, code, errBytes };
}

function run(...args: string[]): ChildReport {
  const result = spawnSync(process.execPath, ["--import", "tsx", self, ...args], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`child ${args[0]} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}") as ChildReport;
}

async function main(): Promise<void> {
  const megabytes = Number(process.env.BENCH_IMPORT_MB ?? 50);
  const folder = dirname(tempDatabasePath());
  const good = join(folder, "good.csv");
  const bad = join(folder, "bad.csv");
  const rows = await writeLargeSessionsCsv(good, { bytes: megabytes * 1e6 });
  await writeLargeSessionsCsv(bad, { bytes: megabytes * 1e6, badEvery: 1 });
  const mb = (path: string) => (statSync(path).size / 1e6).toFixed(1);
  console.log(`file: ${mb(good)} MB, ${rows} sessions`);

  const baseline = run("baseline", good);
  const imported = run("import", good, join(folder, "good.db"));
  const refused = run("import", bad, join(folder, "bad.db"));
  const line = (name: string, r: ChildReport) =>
    `${name.padEnd(22)} peak RSS ${r.maxRssMb.toFixed(0).padStart(5)} MB (${(r.maxRssMb / baseline.maxRssMb).toFixed(2)}× baseline)` +
    `  time ${(r.ms / 1000).toFixed(1).padStart(6)} s (${(r.ms / baseline.ms).toFixed(1)}× baseline)` +
    (r.code === undefined ? "" : `  exit ${r.code}, ${r.errBytes} bytes of errors`);
  console.log(line("baseline (csv-parse)", baseline));
  console.log(line("import, all valid", imported));
  console.log(line("import, all rows bad", refused));
  if (imported.code !== 0 || refused.code !== 1 || (refused.errBytes ?? 0) > 20_000) process.exitCode = 1;
}

if (mode) console.log(JSON.stringify(await child()));
else await main();
