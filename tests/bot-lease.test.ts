import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { hostname } from "node:os";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { type App, startApp } from "../adapters/app.js";
import { type Clock, ManualClock, systemClock } from "../src/clock.js";
import { silentLogger } from "../src/log.js";
import { openDatabase } from "../src/storage/db.js";
import { testConfig } from "./support/app-config.js";
import { cli } from "./support/cli.js";
import { june2027, tempDatabasePath } from "./support/driver.js";

const running: (App & { port: number })[] = [];
let child: ChildProcess | undefined;
afterEach(async () => {
  child?.kill("SIGKILL");
  child = undefined;
  for (const app of running.splice(0)) await app.stop();
});

async function start(path: string, clock: Clock = new ManualClock(june2027)) {
  const config = testConfig({ DATABASE_PATH: path });
  const app = await startApp({ config, log: silentLogger, clock, scheduler: false, drainEveryMs: 3_600_000 });
  running.push(app);
  return app;
}

interface LeaseRow {
  host: string;
  pid: number;
}
const holder = (app: App) => app.db.prepare("SELECT host, pid FROM bot_lease").get() as LeaseRow | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("one bot per database (the lease)", () => {
  it("a second bot on the same file refuses to start, naming the holder; CLI commands still work; a clean stop frees it", async () => {
    const path = tempDatabasePath();
    const first = await start(path);
    expect(holder(first)).toEqual({ host: hostname(), pid: process.pid });

    const second = start(path);
    await expect(second).rejects.toThrow(/is in use by another Spreekuur bot/);
    await expect(second).rejects.toThrow(`${hostname()} pid ${process.pid}`);
    await expect(second).rejects.toThrow(`DATABASE_PATH=${path}`);

    const listed = await cli({ DATABASE_PATH: path }, "sessions", "list");
    expect(listed).toMatchObject({ code: 0, out: "No sessions.\n" });

    await running.splice(0)[0]?.stop();
    const third = await start(path);
    expect(holder(third)?.pid).toBe(process.pid);
  });

  it("the lease of a bot on another machine that stopped renewing is taken over after the expiry, not before", async () => {
    const path = tempDatabasePath();
    const db = openDatabase(path);
    db.prepare(
      "INSERT INTO bot_lease (id, token, host, pid, started_at, renewed_at, expires_at) VALUES (1, 'x', 'bot-elders', 4242, ?, ?, ?)",
    ).run(june2027 - 3_600_000, june2027, june2027 + 60_000);
    db.close();

    const clock = new ManualClock(june2027 + 59_000);
    await expect(start(path, clock)).rejects.toThrow(/bot-elders pid 4242/);
    clock.set(june2027 + 60_000);
    const app = await start(path, clock);
    expect(holder(app)).toEqual({ host: hostname(), pid: process.pid });
  });

  it("a real bot process holds the lease; after it is killed (-9) the next bot takes over at once", async () => {
    const path = tempDatabasePath();
    const env = { PATH: process.env.PATH ?? "", DATABASE_PATH: path, PORT: String(await freePort()) };
    child = spawn(process.execPath, ["--import", "tsx", "adapters/main.ts"], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    await new Promise<void>((resolve, reject) => {
      lines.on("line", (line) => line.startsWith("Spreekuur luistert") && resolve());
      child?.once("exit", (code) => reject(new Error(`bot exited with ${code}`)));
    });
    const pid = child.pid;

    // The child runs on the real clock, so this bot does too.
    await expect(start(path, systemClock)).rejects.toThrow(`${hostname()} pid ${pid},`);

    const exited = new Promise((resolve) => child?.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    child = undefined;
    const app = await start(path, systemClock);
    expect(holder(app)).toEqual({ host: hostname(), pid: process.pid });
    expect((await fetch(`http://127.0.0.1:${app.port}/healthz`)).status).toBe(200);
  }, 120_000);

  it("a lease taken over meanwhile is noticed at the next renewal: the bot stops", async () => {
    const path = tempDatabasePath();
    let lost = 0;
    const config = testConfig({ DATABASE_PATH: path, LEASE_RENEW_SECONDS: "1", LEASE_EXPIRY_SECONDS: "2" });
    const app = await startApp({
      config,
      log: silentLogger,
      clock: new ManualClock(june2027),
      scheduler: false,
      onLeaseLost: () => lost++,
    });
    const other = openDatabase(path);
    other.prepare("UPDATE bot_lease SET token = 'someone-else', host = 'bot-twee'").run();
    other.close();
    const until = Date.now() + 60_000;
    // The renewal runs every LEASE_RENEW_SECONDS; wait for it to notice (the manual clock never expires the lease).
    while (lost === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(lost).toBe(1);
    expect(app.db.open).toBe(false);
  }, 90_000);
});
