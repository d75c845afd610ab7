import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// Files stay small (issue 14): a source file over 300 lines does more than one thing; split it by purpose.

const maxLines = 300;
const roots = ["src", "adapters", "tests", "bench", "scripts"];

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? typeScriptFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** Lines as `wc -l` and editors count them: a final newline ends the last line, it does not start another. */
function lineCount(text: string): number {
  if (text === "") return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

describe("file size", () => {
  const files = roots.flatMap(typeScriptFiles).map((path) => path.split("\\").join("/"));

  it("counts lines as wc -l does", () => {
    expect(lineCount("")).toBe(0);
    expect(lineCount("a")).toBe(1);
    expect(lineCount("a\n")).toBe(1);
    expect(lineCount("a\nb\n")).toBe(2);
    expect(lineCount("a\n\n")).toBe(2);
  });

  it("looks at every folder's TypeScript files", () => {
    expect(files).toContain("tests/file-size.test.ts");
    for (const root of roots) {
      expect(files.some((file) => file.startsWith(`${root}/`))).toBe(true);
    }
  });

  it(`keeps every .ts file under ${roots.join(", ")} at ${maxLines} lines or fewer`, () => {
    const tooLong = files
      .map((file) => ({ file, lines: lineCount(readFileSync(file, "utf8")) }))
      .filter(({ lines }) => lines > maxLines)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(tooLong).toEqual([]);
  });
});
