import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../adapters/cli/main.js";
import { tempDatabasePath } from "./support/driver.js";

async function cli(env: Record<string, string>, ...argv: string[]) {
  let out = "";
  let err = "";
  const io = {
    out: (text: string) => {
      out += text;
    },
    err: (text: string) => {
      err += text;
    },
    env,
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}

describe("the spreekuur command line", () => {
  it("imports, lists and exports a roster (round trip)", async () => {
    const env = { DATABASE_PATH: tempDatabasePath() };
    const imported = await cli(env, "sessions", "import", "examples/sessions.csv");
    expect(imported).toMatchObject({ code: 0 });
    expect(imported.out).toContain("30 new");
    const again = await cli(env, "sessions", "import", "examples/sessions.csv");
    expect(again.out).toContain("30 unchanged");

    const listed = await cli(env, "sessions", "list", "--all");
    expect(listed.out.trim().split("\n")).toHaveLength(30);
    expect(listed.out).toContain("DS27-04\tma 6 sep, 14:00\tUtrecht");

    const json = await cli(env, "sessions", "list", "--all", "--format", "json");
    expect(JSON.parse(json.out)).toHaveLength(30);

    const roster = await cli(env, "signups", "export", "DS27-04");
    expect(roster).toMatchObject({ code: 0, out: "name,role,status,position,signed_up_at\n" });
    const rosterJson = await cli(env, "signups", "export", "DS27-04", "--format", "json");
    expect(JSON.parse(rosterJson.out)).toEqual([]);
  });

  it("exports the roster with names, roles and the waitlist", async () => {
    const env = { DATABASE_PATH: tempDatabasePath() };
    await cli(env, "sessions", "import", "examples/sessions.csv");
    const { openDatabase } = await import("../src/storage/db.js");
    const { ensureMember, setProfile } = await import("../src/domain/members.js");
    const { signUp } = await import("../src/domain/signups.js");
    const db = openDatabase(env.DATABASE_PATH);
    const now = Date.UTC(2027, 5, 1);
    for (const [user, name] of [
      ["a", "Dr. A. Jansen"],
      ["b", "B. de Vries"],
      ["c", "C, met komma"],
    ] as const) {
      const m = ensureMember(db, "slack", user, now);
      setProfile(db, m.id, name, "aios");
      signUp(db, "DS27-01", m.id, "aios", now);
    }
    db.close();
    const roster = await cli(env, "signups", "export", "DS27-01");
    const lines = roster.out.trim().split("\n");
    expect(lines[1]).toMatch(/^Dr\. A\. Jansen,aios,confirmed,1,/);
    expect(lines[3]).toMatch(/^"C, met komma",aios,waitlisted,1,/);
  });

  it("fails clearly with a non-zero exit", async () => {
    const env = { DATABASE_PATH: tempDatabasePath() };
    const missing = await cli(env, "sessions", "import", "nope.csv");
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("Cannot read nope.csv: ENOENT");

    const bad = join(dirname(env.DATABASE_PATH), "bad.csv");
    writeFileSync(
      bad,
      "id,title,date,start_time,end_time,venue,city,region,leader,capacity\nX,T,2027-13-01,19:00,20:00,V,C,Utrecht,L,5\n",
    );
    const badImport = await cli(env, "sessions", "import", bad);
    expect(badImport.code).toBe(1);
    expect(badImport.err).toContain("line 2, date");

    expect((await cli(env, "signups", "export", "NOPE")).err).toContain("No session with id NOPE");
    expect((await cli(env, "organisers", "add", "fax:123")).code).not.toBe(0);
    expect((await cli({ ...env, BOT_TIMEZONE: "Mars/Olympus" }, "sessions", "list")).err).toContain("BOT_TIMEZONE");
  });

  it("manages organisers", async () => {
    const env = { DATABASE_PATH: tempDatabasePath(), ORGANISERS: "teams:29:1abc" };
    expect((await cli(env, "organisers", "add", "slack:U012AB3CD")).out).toContain("Added");
    const listed = await cli(env, "organisers", "list");
    expect(listed.out).toBe("slack:U012AB3CD\nteams:29:1abc\t(from ORGANISERS)\n");
    expect((await cli(env, "organisers", "remove", "slack:U012AB3CD")).code).toBe(0);
    expect((await cli(env, "organisers", "remove", "slack:U012AB3CD")).code).toBe(1);
  });
});
