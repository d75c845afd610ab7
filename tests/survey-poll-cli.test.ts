import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../adapters/cli/main.js";
import { tempDatabasePath } from "./support/driver.js";

function cli(env: Record<string, string>) {
  return async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env });
    return { code, out: out.join(""), err: err.join("") };
  };
}

describe("the survey and poll commands", () => {
  it("create, list, show, close and export", async () => {
    const db = tempDatabasePath();
    const run = cli({ DATABASE_PATH: db });

    const bad = await run(
      "survey",
      "create",
      "--title",
      "X",
      "--url",
      "ftp://x",
      "--opens",
      "2099-01-01 09:00",
      "--closes",
      "2098-01-01 09:00",
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("url: Give an https link.");
    expect(bad.err).toContain("closes: Must be after the opening.");
    const made = await run(
      "survey",
      "create",
      "--title",
      "Evaluatie",
      "--url",
      "https://e.example.nl/s",
      "--opens",
      "2099-01-05 09:00",
      "--closes",
      "2099-01-20 17:00",
      "--reminders",
      "every Tuesday 12:30",
      "--max-reminders",
      "2",
      "--personal-links",
    );
    expect(made.out).toContain("Created survey 1");
    expect((await run("survey", "list")).out).toMatch(/^1\tscheduled\t2099-01-05 09:00\t2099-01-20 17:00\tEvaluatie/);
    expect((await run("survey", "status", "1")).out).toContain("Invited 0 · completed 0");
    expect((await run("survey", "close", "1")).out).toContain("Closed survey 1");
    expect((await run("survey", "close", "1")).code).toBe(1);

    const example = join(dirname(new URL(import.meta.url).pathname), "..", "examples", "poll-kerntaken.json");
    const poll = await run("poll", "create", "--file", example);
    expect(poll.out).toBe("Created poll 1 (anonymous).\n");
    expect((await run("poll", "list")).out).toContain("Welke kerntaak staat in uw praktijk het meest onder druk?");
    const named = await run(
      "poll",
      "create",
      "--question",
      "Ja of nee?",
      "--option",
      "Ja",
      "Nee",
      "--named",
      "--open-hours",
      "2",
    );
    expect(named.out).toBe("Created poll 2.\n");
    expect((await run("poll", "create", "--question", "Eén?", "--option", "Ja")).err).toContain("options:");
    expect((await run("poll", "results", "1")).code).toBe(1); // not opened yet: the scheduler opens it
    expect((await run("poll", "close", "1")).out).toContain("Closed poll 1");
    const out = join(dirname(db), "poll.csv");
    await run("poll", "export", "1", "--out", out);
    expect(readFileSync(out, "utf8")).toBe("poll_id,opens,closes,status,question,option,count,percent,participants\n");
  });
});
