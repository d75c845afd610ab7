// Startup of the whole bot, without chat credentials (the first-run playground), on a database of 15,000 members and
// 100 sessions: `node --import tsx adapters/main.ts` (what `npm start` runs) against the production build
// `node dist/adapters/main.js`, in rounds that take turns. Measured per start: time from spawn to the ready line, and
// the bot process's CPU time and RSS (VmRSS) at that moment. Each start gets a fresh copy of the seeded file. A third
// way runs the build with a small young generation (--max-semi-space-size=2), the memory tuning README suggests.
// Knobs: BENCH_ROUNDS (5), BENCH_MEMBERS (15000), BENCH_SESSIONS (100).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { loadCoreConfig } from "../src/config/core-config.js";
import { ensureMember, setProfile } from "../src/domain/members.js";
import { upsertSession } from "../src/domain/sessions.js";
import { inTransaction, openDatabase } from "../src/storage/db.js";
import { tempDatabasePath } from "../tests/support/driver.js";

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const memberCount = Number(process.env.BENCH_MEMBERS ?? 15_000);
const sessionCount = Number(process.env.BENCH_SESSIONS ?? 100);
const repo = resolve(fileURLToPath(new URL("..", import.meta.url)));

function seed(): string {
  const path = tempDatabasePath();
  const db = openDatabase(loadCoreConfig({ DATABASE_PATH: path }).DATABASE_PATH);
  const now = Date.now();
  inTransaction(db, () => {
    for (let i = 0; i < memberCount; i++) {
      const platform = i % 2 ? "slack" : "teams";
      const member = ensureMember(db, platform, `U${i}`, now, `D${i}`);
      setProfile(db, member.id, `Lid ${i}`, i % 5 ? "huisarts" : "aios");
    }
    for (let i = 0; i < sessionCount; i++) {
      const startsAt = now + (i + 1) * 86_400_000;
      const input = {
        id: `S${i}`,
        title: `Denksessie ${i}`,
        startsAt,
        endsAt: startsAt + 9_000_000,
        venue: "Zaal",
        address: "",
        city: "Utrecht",
        region: "Utrecht",
        leaderName: "Leider",
        capacity: 20,
        audience: "both" as const,
        signupDeadline: null,
        status: "open" as const,
        notes: "",
      };
      upsertSession(db, input, now);
    }
  });
  db.close(); // checkpoints the WAL: the file alone holds everything, so a copy of it is the whole database
  return path;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024;

/** User and system CPU time so far (clock ticks of 10 ms): less sensitive than wall time to a busy machine. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface Start {
  readyMs: number;
  cpuMs: number;
  rssMb: number;
}
const show = (start: Start | undefined) =>
  start ? `${start.readyMs.toFixed(0)} ms (CPU ${start.cpuMs} ms) ${start.rssMb.toFixed(0)} MB` : "";

/** Starts the bot with these node arguments on a copy of the seeded database; stops it once it is ready. */
async function startOnce(args: string[], seeded: string): Promise<Start> {
  const dir = mkdtempSync(join(tmpdir(), "spreekuur-startup-"));
  copyFileSync(seeded, join(dir, "spreekuur.db"));
  const port = await freePort();
  const began = performance.now();
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: repo,
    env: { PATH: process.env.PATH ?? "", DATABASE_PATH: join(dir, "spreekuur.db"), PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  await new Promise<void>((resolve, reject) => {
    lines.on("line", (line) => line.startsWith("Spreekuur luistert") && resolve());
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code} before it was ready`)));
  });
  const readyMs = performance.now() - began;
  const rss = rssMb(child.pid ?? 0);
  const cpu = cpuMs(child.pid ?? 0);
  const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { sessions: number };
  if (health.sessions !== sessionCount) throw new Error(`healthz counts ${health.sessions} sessions`);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
  rmSync(dir, { recursive: true, force: true });
  return { readyMs, cpuMs: cpu, rssMb: rss };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

type Way = "tsx" | "built" | "built, small young generation";

async function main(): Promise<void> {
  const seeded = seed();
  mkdirSync(join(repo, "tmp"), { recursive: true });
  const outDir = mkdtempSync(join(repo, "tmp", "bench-build-"));
  const build = spawnSync(process.execPath, ["--import", "tsx", "scripts/build.ts", outDir], { cwd: repo });
  if (build.status !== 0) throw new Error(`the build failed:\n${build.stdout}${build.stderr}`);
  const ways: Record<Way, string[]> = {
    tsx: ["--import", "tsx", "adapters/main.ts"],
    built: [join(outDir, "adapters/main.js")],
    // V8's young generation grows to 16 MB semi-spaces by default; README's Production section suggests 2 MB.
    "built, small young generation": ["--max-semi-space-size=2", join(outDir, "adapters/main.js")],
  };
  const names = Object.keys(ways) as Way[];
  const results: Record<Way, Start>[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      // Take turns, so a busy moment of the machine does not fall on one way only.
      const order = names.map((_, k) => names[(k + round) % names.length] as Way);
      const result: Partial<Record<Way, Start>> = {};
      for (const way of order) result[way] = await startOnce(ways[way], seeded);
      results.push(result as Record<Way, Start>);
      const shown = names.map((way) => `${way} ${show(result[way])}`).join(", ");
      console.log(`round ${round + 1}: ${shown}`);
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(join(seeded, ".."), { recursive: true, force: true });
  }
  const figure = (way: Way, key: keyof Start) => median(results.map((r) => r[way][key]));
  const ratio = (key: keyof Start) => median(results.map((r) => r.built[key] / r.tsx[key]));
  const line = (key: keyof Start, unit: string) =>
    names.map((way) => `${way} ${figure(way, key).toFixed(0)} ${unit}`).join(", ");
  console.log(`${memberCount} members, ${sessionCount} sessions; medians of ${rounds} rounds (ratios per round)`);
  console.log(`ready: ${line("readyMs", "ms")}; built/tsx ${ratio("readyMs").toFixed(2)} (aim: built ≤ 1000 ms)`);
  console.log(`CPU to ready: ${line("cpuMs", "ms")}; built/tsx ${ratio("cpuMs").toFixed(2)}`);
  console.log(`RSS at ready: ${line("rssMb", "MB")}; built/tsx ${ratio("rssMb").toFixed(2)} (aim: built ≤ 120 MB)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
