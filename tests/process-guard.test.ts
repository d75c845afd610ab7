import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

// An unhandled rejection or an uncaught exception does not end the bot; the log names the error's kind only.

function run(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += String(chunk)));
    child.stderr.on("data", (chunk) => (stderr += String(chunk)));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("the process guard", () => {
  it("keeps the process running and logs only the error's kind", async () => {
    const { code, stdout, stderr } = await run("tests/support/process-guard-child.ts");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("still alive");
    const lines = stdout
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { err: { name: string; code?: string } });
    expect(lines.map((line) => line.err)).toEqual([{ name: "TypeError" }, { name: "RangeError", code: "ERR_TEST" }]);
    expect(stdout).not.toContain("Geheim");
  });

  it("is installed by the composition root", async () => {
    const { readFile } = await import("node:fs/promises");
    expect(await readFile("adapters/main.ts", "utf8")).toMatch(/guardProcess\(log\)/);
  });
});
