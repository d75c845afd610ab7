import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadReportFormat, ReportFormatError } from "../src/domain/report-format.js";
import { tempDatabasePath } from "./support/driver.js";

// The report format file is checked on every use (a changed file changes the next form) but read and validated
// again only when it changed: each click on a report or reaction form asks for it.

const example = JSON.parse(readFileSync(new URL("../examples/report-format.json", import.meta.url), "utf8")) as {
  maxAnswerLength: number;
};

function formatFile(maxAnswerLength: number): string {
  const path = join(tempDatabasePath(), "..", "report-format.json");
  writeFileSync(path, JSON.stringify({ ...example, maxAnswerLength }));
  return path;
}

describe("the report format file", () => {
  it("is read once while it stays the same, and again as soon as it changes", () => {
    const path = formatFile(2000);
    const first = loadReportFormat(path);
    expect(first.maxAnswerLength).toBe(2000);
    expect(loadReportFormat(path)).toBe(first);
    writeFileSync(path, JSON.stringify({ ...example, maxAnswerLength: 2500 }, null, 1));
    const changed = loadReportFormat(path);
    expect(changed).not.toBe(first);
    expect(changed.maxAnswerLength).toBe(2500);
  });

  it("is shared frozen, so no caller can change it for the others", () => {
    const format = loadReportFormat(formatFile(1800));
    expect(Object.isFrozen(format)).toBe(true);
    expect(Object.isFrozen(format.coreTasks)).toBe(true);
    expect(() => {
      (format as { maxAnswerLength: number }).maxAnswerLength = 1;
    }).toThrow(TypeError);
  });

  it("gone or broken afterwards: the next use says so, not the last good copy", () => {
    const path = formatFile(1900);
    loadReportFormat(path);
    writeFileSync(path, "{ not json");
    expect(() => loadReportFormat(path)).toThrow(ReportFormatError);
    rmSync(path);
    expect(() => loadReportFormat(path)).toThrow(/cannot read the report format .*ENOENT/);
  });
});
