import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startBanner } from "../adapters/banner.js";
import { parseSessionsCsv } from "../src/domain/session-import.js";
import { createLogger, heldOutput, logFormat } from "../src/log.js";
import { tempDatabasePath } from "./support/driver.js";

// The first run as a person sees it: one readable block first, then one plain warning line; logs a person can read
// at a terminal and JSON for a collector.

const exampleCount = (() => {
  const parsed = parseSessionsCsv(readFileSync("examples/sessions.csv", "utf8"), "Europe/Amsterdam");
  return parsed.ok ? parsed.sessions.length : 0;
})();

describe("the start banner", () => {
  it("says where, how many example sessions, how to be the organiser and how to stop, in that order", () => {
    const banner = startBanner({ url: "http://localhost:3978/", examplesLoaded: 30, sessions: 30, playground: true });
    const lines = banner.trimEnd().split("\n");
    expect(lines[0]).toBe("Spreekuur luistert op http://localhost:3978/ (listening)");
    expect(lines[1]).toContain("30 voorbeeldsessies geladen");
    expect(lines[2]).toContain("Speeltuin");
    expect(lines[3]).toMatch(/Organisator zijn .*kies bovenaan "Organisator"/);
    expect(lines.at(-1)).toContain("Ctrl-C");
    expect(lines).toHaveLength(5);
  });

  it("on a later start counts the sessions there are; without the playground says nothing about it", () => {
    const later = startBanner({ url: "http://localhost:3978/", examplesLoaded: 0, sessions: 12, playground: false });
    expect(later).toContain("12 sessies in de database");
    expect(later).not.toMatch(/voorbeeldsessies|Speeltuin|Organisator/);
    const empty = startBanner({ url: "http://localhost:3978/", examplesLoaded: 0, sessions: 0, playground: false });
    expect(empty).toContain("npx spreekuur sessions import");
  });
});

describe("log format", () => {
  it("is readable at a terminal and JSON otherwise, unless LOG_FORMAT says", () => {
    expect(logFormat("auto", true)).toBe("pretty");
    expect(logFormat("auto", false)).toBe("json");
    expect(logFormat("json", true)).toBe("json");
    expect(logFormat("pretty", false)).toBe("pretty");
  });

  it("pretty prints one plain line per entry through pino-pretty, fields on the same line", () => {
    const lines: string[] = [];
    const log = createLogger("info", { write: (line: string) => void lines.push(line) }, "pretty");
    log.warn("MICROSOFT_APP_ID is empty");
    log.info({ port: 3978 }, "running");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/WARN.*: MICROSOFT_APP_ID is empty\n$/);
    expect(lines[0]).not.toContain("{");
    expect(lines[1]).toMatch(/INFO.*: running.*"port":3978/);
    expect((lines[1] ?? "").trimEnd().split("\n")).toHaveLength(1);
  });

  it("holds the start's log lines until the banner is out, then writes them in order", () => {
    const out: string[] = [];
    const held = heldOutput({ write: (line: string) => void out.push(line) });
    held.write("a\n");
    held.write("b\n");
    expect(out).toEqual([]);
    held.release();
    held.write("c\n");
    expect(out).toEqual(["a\n", "b\n", "c\n"]);
  });
});

describe("npm start without any chat account", () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill("SIGKILL");
    child = undefined;
  });

  async function freePort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  /** The real composition root's first lines on stdout (not a terminal: JSON logs unless LOG_FORMAT says). */
  async function firstLines(env: Record<string, string>, count: number): Promise<string[]> {
    const port = await freePort();
    const started = spawn(process.execPath, ["--import", "tsx", "adapters/main.ts"], {
      env: { PATH: process.env.PATH ?? "", DATABASE_PATH: tempDatabasePath(), PORT: String(port), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = started;
    let stdout = "";
    return new Promise((resolve, reject) => {
      started.stdout?.on("data", (chunk) => {
        stdout += chunk;
        const lines = stdout.split("\n");
        if (lines.length > count) resolve(lines.slice(0, count));
      });
      started.once("exit", (code) => reject(new Error(`the bot exited with ${code}:\n${stdout}`)));
    });
  }

  it("prints the banner before anything else, with the real count, then the warning as one line", async () => {
    expect(exampleCount).toBe(30);
    const lines = await firstLines({}, 6);
    expect(lines[0]).toMatch(/^Spreekuur luistert op http:\/\/localhost:\d+\/ \(listening\)$/);
    expect(lines[1]).toContain(`${exampleCount} voorbeeldsessies geladen`);
    expect(lines[4]).toContain("Ctrl-C");
    const warning = JSON.parse(lines[5] ?? "") as { level: number; msg: string };
    expect(warning).toMatchObject({ level: 40, msg: expect.stringMatching(/^MICROSOFT_APP_ID is empty/) });
  }, 90_000);

  it("with LOG_FORMAT=pretty the warning is a plain line, not JSON", async () => {
    const lines = await firstLines({ LOG_FORMAT: "pretty" }, 6);
    expect(lines[0]).toMatch(/^Spreekuur luistert op/);
    expect(lines[5]).toMatch(/WARN.*: MICROSOFT_APP_ID is empty: .*never in production\.$/);
    expect(lines[5]).not.toContain("{");
  }, 90_000);
});
