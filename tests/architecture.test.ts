import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(path) ? [path] : [];
  });
}

const imports = (file: string) =>
  [...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1] ?? "");

/**
 * The core's layers, bottom first (README, "Architecture"). A file may import from its own layer and the layers
 * below it, never from one above.
 */
const layers: { name: string; paths: string[] }[] = [
  {
    name: "vocabulary",
    paths: ["src/contract.ts", "src/types.ts", "src/clock.ts", "src/log.ts", "src/env.ts", "src/text/"],
  },
  { name: "time", paths: ["src/time/"] },
  { name: "i18n", paths: ["src/i18n/"] },
  { name: "storage", paths: ["src/storage/"] },
  { name: "domain", paths: ["src/domain/"] },
  { name: "config", paths: ["src/config/"] },
  { name: "views", paths: ["src/views/"] },
  { name: "services", paths: ["src/services/"] },
  { name: "conversation", paths: ["src/conversation/"] },
  { name: "core", paths: ["src/core.ts", "src/features.ts"] },
  { name: "adapters", paths: ["adapters/"] },
  { name: "composition root", paths: ["adapters/main.ts", "adapters/app.ts", "adapters/cli/main.ts"] },
];

/** The most specific layer a path belongs to (the composition root's files are inside adapters/). */
function layerOf(path: string): number {
  let best = -1;
  let bestLength = -1;
  layers.forEach((layer, index) => {
    for (const prefix of layer.paths) {
      if (path.startsWith(prefix) && prefix.length > bestLength) {
        best = index;
        bestLength = prefix.length;
      }
    }
  });
  return best;
}

const relativeImports = (file: string) =>
  imports(file)
    .filter((spec) => spec.startsWith("."))
    .map((spec) => relative(".", resolve(dirname(file), spec.replace(/\.js$/, ".ts"))));

describe("architecture", () => {
  it("every file of src/ and adapters/ belongs to a layer", () => {
    const unplaced = [...sourceFiles("src"), ...sourceFiles("adapters")].filter((file) => layerOf(file) < 0);
    expect(unplaced).toEqual([]);
  });

  it("imports point down the layers, never up", () => {
    const upward = [...sourceFiles("src"), ...sourceFiles("adapters")].flatMap((file) =>
      relativeImports(file)
        .filter((target) => layerOf(target) > layerOf(file))
        .map(
          (target) => `${file} (${layers[layerOf(file)]?.name}) imports ${target} (${layers[layerOf(target)]?.name})`,
        ),
    );
    expect(upward).toEqual([]);
  });

  it("views are pure: no database, no context, no services", () => {
    const impure = sourceFiles("src/views").flatMap((file) => {
      const text = readFileSync(file, "utf8");
      const found = [/\bDb\b/, /\bCoreContext\b/, /\.\.\/storage\//, /\.\.\/services\//].filter((p) => p.test(text));
      return found.map((pattern) => `${file}: ${pattern}`);
    });
    expect(impure).toEqual([]);
  });

  it("the core in src/ imports no platform SDK and nothing from adapters/", () => {
    const offending = sourceFiles("src").flatMap((file) =>
      imports(file)
        .filter((spec) => /^(@slack\/|botbuilder|botframework-|@microsoft\/)/.test(spec) || spec.includes("adapters/"))
        .map((spec) => `${file}: ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it("one adapter does not reach into another", () => {
    const platformsOf = ["slack", "teams", "playground", "dashboard", "memory", "cli", "http"];
    const offending = sourceFiles("adapters").flatMap((file) => {
      const own = file.split("/")[1];
      if (!platformsOf.includes(own ?? "")) return [];
      return relativeImports(file)
        .filter((target) => target.startsWith("adapters/"))
        .filter((target) => {
          const other = target.split("/")[1];
          // The shared HTTP server is infrastructure every adapter mounts on.
          return other !== own && other !== "http" && platformsOf.includes(other ?? "");
        })
        .map((target) => `${file} imports ${target}`);
    });
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

  it("SQL is written only in storage and domain", () => {
    const sql = [
      /\.prepare[<(]/,
      /\bstatement[<(]/,
      /\.exec\(\s*["'`]/, // db.exec of SQL text; RegExp.exec takes a variable
      /["'`][^"'`]*\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b/,
    ];
    const offending = [...sourceFiles("src"), ...sourceFiles("adapters")]
      .filter((file) => !file.startsWith("src/storage/") && !file.startsWith("src/domain/"))
      .flatMap((file) =>
        readFileSync(file, "utf8")
          .split("\n")
          .flatMap((line, index) => (sql.some((pattern) => pattern.test(line)) ? [`${file}:${index + 1}`] : [])),
      );
    expect(offending).toEqual([]);
  });

  it("query results are typed, not cast", () => {
    const offending = [...sourceFiles("src"), ...sourceFiles("adapters")].flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/\.(get|all)\([^)]*\)\s+as\s/g)].map(
        (match) => `${file}: ${match[0].replace(/\s+/g, " ")}`,
      ),
    );
    expect(offending).toEqual([]);
  });

  it("the core names no platform: no slack or teams string outside data, and Platform is an open id", () => {
    // Data may: the migrations' SQL, and the list of platform ids a typed member key may name.
    const data = (file: string) => file.startsWith("src/storage/migrations/") || file === "src/domain/platform-ids.ts";
    const named = sourceFiles("src")
      .filter((file) => !data(file))
      .flatMap((file) =>
        readFileSync(file, "utf8")
          .split("\n")
          .map((line, index) => ({ line, index }))
          .filter(({ line }) => /(["'`])(slack|teams)\1/i.test(line))
          .map(({ index }) => `${file}:${index + 1}`),
      );
    expect(named).toEqual([]);
    const platformType = /export type Platform\s*=\s*([^;]+);/.exec(readFileSync("src/contract.ts", "utf8"))?.[1];
    expect(platformType, "src/contract.ts declares `export type Platform = …;`").toBeDefined();
    expect(platformType).not.toMatch(/["'`]/);
  });
});
