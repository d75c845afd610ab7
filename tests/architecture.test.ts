import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const imports = (file: string) =>
  [...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1] ?? "");

describe("architecture", () => {
  it("the core in src/ imports no platform SDK and nothing from adapters/", () => {
    const offending = sourceFiles("src").flatMap((file) =>
      imports(file)
        .filter((spec) => /^(@slack\/|botbuilder|botframework-|@microsoft\/)/.test(spec) || spec.includes("adapters/"))
        .map((spec) => `${file}: ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it("botbuilder stays inside adapters/teams and Bolt inside adapters/slack", () => {
    const offending = [
      ...sourceFiles("adapters"),
      ...sourceFiles("bench"),
      ...(existsSync("scripts") ? sourceFiles("scripts") : []),
    ].flatMap((file) =>
      imports(file)
        .filter(
          (spec) =>
            (/^(botbuilder|botframework-)/.test(spec) &&
              !file.startsWith("adapters/teams/") &&
              !file.startsWith("bench/")) ||
            (/^@slack\//.test(spec) && !file.startsWith("adapters/slack/") && !file.startsWith("bench/")),
        )
        .map((spec) => `${file}: ${spec}`),
    );
    expect(offending).toEqual([]);
  });
});
