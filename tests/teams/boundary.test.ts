import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// botbuilder was archived; its successor has a compatible API. A switch must stay a one-folder change.

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

describe("the botbuilder boundary", () => {
  it("keeps every botbuilder import inside adapters/teams/", () => {
    const outside = ["src", "adapters", "tests", "bench", "scripts"]
      .flatMap(sourceFiles)
      .filter((path) => !path.startsWith(join("adapters", "teams")) && !path.endsWith("boundary.test.ts"))
      .filter((path) => /from\s+["'](botbuilder|botframework-)[^"']*["']/.test(readFileSync(path, "utf8")));
    expect(outside).toEqual([]);
  });

  it("would notice an import outside (the check itself works)", () => {
    expect(/from\s+["'](botbuilder|botframework-)[^"']*["']/.test('import { CloudAdapter } from "botbuilder";')).toBe(
      true,
    );
  });
});
