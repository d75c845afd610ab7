import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TeamsUser } from "./support/teams-client.js";

// One build per file (tsc takes tens of seconds here), into a folder inside the repository so the built files find
// node_modules and the package's "type": "module" the way dist/ does.
const repo = resolve(fileURLToPath(new URL("..", import.meta.url)));
let outDir = "";
let bot: ChildProcess | undefined;

beforeAll(() => {
  mkdirSync(join(repo, "tmp"), { recursive: true });
  outDir = mkdtempSync(join(repo, "tmp", "build-"));
  const build = spawnSync(process.execPath, ["--import", "tsx", "scripts/build.ts", outDir], {
    cwd: repo,
    encoding: "utf8",
  });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}, 240_000);

afterAll(() => {
  bot?.kill("SIGKILL");
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("the production build", () => {
  it("holds the compiled bot, its migrations and every file it reads at run time", () => {
    for (const file of [
      "adapters/main.js",
      "adapters/cli/main.js",
      ...readdirSync(join(repo, "src/storage/migrations")).map(
        (name) => `src/storage/migrations/${name.replace(/\.ts$/, ".js")}`,
      ),
      "examples/sessions.csv",
      "examples/report-format.json",
      "adapters/playground/public/index.html",
      "adapters/playground/public/playground.js",
      "adapters/playground/public/traffic.js",
      "adapters/playground/public/playground.css",
    ]) {
      expect(existsSync(join(outDir, file)), file).toBe(true);
    }
  });

  it("finds its default report format beside the built code, whatever the working directory", () => {
    const config = join(outDir, "src/config/core-config.js");
    const printed = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `console.log((await import(${JSON.stringify(config)})).loadCoreConfig({}).REPORT_FORMAT_PATH)`,
      ],
      { cwd: tmpdir(), encoding: "utf8" },
    );
    expect(printed.stdout.trim()).toBe(join(outDir, "examples/report-format.json"));
  });

  it("`node dist/adapters/main.js` without credentials starts the bot, serves the playground and answers /healthz", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "spreekuur-prod-"));
    const port = await freePort();
    // Started from another folder, with no chat credentials: the first run with the example sessions.
    bot = spawn(process.execPath, [join(outDir, "adapters/main.js")], {
      cwd: tmpdir(),
      env: { PATH: process.env.PATH ?? "", DATABASE_PATH: join(dataDir, "spreekuur.db"), PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    bot.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    const lines = createInterface({ input: bot.stdout as NodeJS.ReadableStream });
    const output: string[] = [];
    lines.on("line", (line) => output.push(line));
    await new Promise<void>((resolve, reject) => {
      lines.on("line", (line) => line.startsWith("Spreekuur luistert") && resolve());
      bot?.once("exit", (code) => reject(new Error(`the built bot exited with ${code}:\n${stderr}`)));
    });

    const base = `http://127.0.0.1:${port}`;
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/playground/adaptivecards.js");
    for (const asset of [
      "/playground/playground.js",
      "/playground/traffic.js",
      "/playground/playground.css",
      "/playground/adaptivecards.js",
    ]) {
      expect((await fetch(`${base}${asset}`)).status, asset).toBe(200);
    }
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    // The example sessions come from the copied examples/sessions.csv.
    expect(((await health.json()) as { sessions: number }).sessions).toBeGreaterThan(0);

    // A Teams click, answered inside the invoke by the core's thread: the compiled worker loads without tsx.
    // No connector runs here: the invoke's own response carries the card, so its service URL is never called.
    const gp = new TeamsUser(base, "http://127.0.0.1:1/", "29:prod-build");
    const invoke = await gp.execute("signup.profile", {
      actionId: "signup.profile",
      value: "DS27-01",
      roster_name: "Dokter Build",
      role: "huisarts",
    });
    expect(invoke.status).toBe(200);
    expect(JSON.stringify(invoke.body)).toContain("U bent aangemeld");
    // Answered by the thread itself: one that failed to load would have said so (and the turn run on the main one).
    expect(output.filter((line) => line.includes("core thread"))).toEqual([]);

    // SIGTERM: the thread answers what it has, closes its connection, and the bot exits cleanly.
    const exited = new Promise((resolve) => bot?.once("exit", resolve));
    bot.kill("SIGTERM");
    expect(await exited).toBe(0);
    bot = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);
});
