import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { startApp } from "../adapters/app.js";
import { silentLogger } from "../src/log.js";
import { testConfig } from "./support/app-config.js";
import { tempDatabasePath } from "./support/driver.js";

const run = promisify(execFile);

/** Starts the real composition root with only DATABASE_PATH set; resolves with its exit code and output. */
async function start(
  databasePath: string,
  env: Record<string, string> = { PORT: "39871", LOG_LEVEL: "silent" },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const all = { PATH: process.env.PATH ?? "", DATABASE_PATH: databasePath, ...env };
  try {
    await run(process.execPath, ["--import", "tsx", "adapters/main.ts"], { env: all, timeout: 60_000 });
    return { code: 0, stdout: "", stderr: "" };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

function expectOneClearLine(stderr: string, path: string, reason: RegExp): void {
  const lines = stderr.trim().split("\n");
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toContain(`DATABASE_PATH=${path}`);
  expect(lines[0]).toMatch(reason);
  expect(lines[0]).toContain("Set DATABASE_PATH to");
  expect(stderr).not.toMatch(/SqliteError|\n\s+at /);
}

describe("start-up errors about the database file", () => {
  it("a folder that cannot be created (a file in the path) gives one line naming DATABASE_PATH and the file", async () => {
    const path = "/etc/passwd/spreekuur.db";
    const result = await start(path);
    expect(result.code).toBe(1);
    expectOneClearLine(result.stderr, path, /not a folder/);
  }, 90_000);

  it("a place SQLite cannot create a file in gives one line, no SqliteError stack", async () => {
    const path = "/proc/spreekuur.db";
    const result = await start(path);
    expect(result.code).toBe(1);
    expectOneClearLine(result.stderr, path, /SQLITE_CANTOPEN/);
  }, 90_000);

  it("a file that is not a database gives one line saying so", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "spreekuur-bad-")), "notes.db");
    writeFileSync(path, "Dit is geen database maar een boodschappenlijstje. ".repeat(40));
    const result = await start(path);
    expect(result.code).toBe(1);
    expectOneClearLine(result.stderr, path, /not an SQLite database/);
  }, 90_000);

  it("a second bot process on a database in use gives one line naming the holder, no stack", async () => {
    const path = tempDatabasePath();
    const config = testConfig({ DATABASE_PATH: path });
    const first = await startApp({ config, log: silentLogger, scheduler: false });
    try {
      const result = await start(path);
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split("\n");
      expect(lines, result.stderr).toHaveLength(1);
      expect(lines[0]).toContain(
        `DATABASE_PATH=${path} is in use by another Spreekuur bot (${hostname()} pid ${process.pid},`,
      );
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await first.stop();
    }
  }, 90_000);
});

describe("start-up errors about the port", () => {
  it("a port another program holds gives one line: which port, and the command with the next one", async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      // At the default log level: the start's log lines (the unauthenticated-mode warning) must not bury the line.
      const result = await start(tempDatabasePath(), { PORT: String(port) });
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split("\n");
      expect(lines, result.stderr).toHaveLength(1);
      expect(lines[0]).toContain(`Poort ${port} is al in gebruik`);
      expect(lines[0]).toContain(`PORT=${port + 1} npm start`);
      expect(result.stderr).not.toMatch(/EADDRINUSE|\n\s+at /);
      expect(result.stdout).toBe("");
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 90_000);
});
