import { appendFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import JSZip from "jszip";
import { afterEach, describe, expect, it } from "vitest";
import { parseSessionsCsv } from "../src/domain/session-import.js";
import { getSession, listSessions } from "../src/domain/sessions.js";
import { importSessionsCsvStream } from "../src/services/session-file-import.js";
import { openDatabase } from "../src/storage/db.js";
import { cli } from "./support/cli.js";
import { Driver, tempDatabasePath } from "./support/driver.js";
import { writeLargeSessionsCsv } from "./support/session-csv-file.js";

// Organisers' files as Excel writes them, through the real command line and the streaming import.

const columns = "id;title;date;start_time;end_time;venue;address;city;region;leader;capacity;audience;notes";
const row = (id: string, fields: { date?: string; capacity?: string; notes?: string; venue?: string } = {}) =>
  [
    id,
    "Denksessie Utrecht",
    fields.date ?? "2027-09-15",
    "19:30",
    "22:00",
    fields.venue ?? "Domus Medica",
    "Mercatorlaan 1200, 3528 BL",
    "Utrecht",
    "Utrecht",
    "Anne de Vries",
    fields.capacity ?? "20",
    "both",
    fields.notes ?? "Inloop, koffie en thee vanaf 19:00",
  ].join(";");

let driver: Driver | undefined;
afterEach(() => {
  driver?.close();
  driver = undefined;
});

function setup() {
  const env = { DATABASE_PATH: tempDatabasePath() };
  const file = (name: string, content: string | Uint8Array) => {
    const path = join(dirname(env.DATABASE_PATH), name);
    writeFileSync(path, content);
    return path;
  };
  const sessions = () => {
    const db = openDatabase(env.DATABASE_PATH);
    try {
      return listSessions(db, { includeCancelled: true });
    } finally {
      db.close();
    }
  };
  return { env, file, sessions };
}

describe("importing organisers' CSV files", () => {
  it("takes the separator from the header: a ; file with commas in its fields imports (BOM, CRLF)", async () => {
    const { env, file, sessions } = setup();
    const text = `\uFEFF${[columns, row("UT1"), row("UT2", { notes: "Parkeren: P1, P2 of P3" })].join("\r\n")}\r\n`;
    const imported = await cli(env, "sessions", "import", file("excel.csv", text));
    expect(imported).toMatchObject({ code: 0, err: "" });
    expect(imported.out).toContain("Imported 2 sessions: 2 new");
    const list = sessions();
    expect(list.map((s) => [s.id, s.address, s.notes])).toEqual([
      ["UT1", "Mercatorlaan 1200, 3528 BL", "Inloop, koffie en thee vanaf 19:00"],
      ["UT2", "Mercatorlaan 1200, 3528 BL", "Parkeren: P1, P2 of P3"],
    ]);
    // The whole-text reader (playground, tests) follows the same rule.
    const parsed = parseSessionsCsv(text, "Europe/Amsterdam");
    expect(parsed.ok && parsed.sessions.map((s) => s.notes)).toEqual(list.map((s) => s.notes));
  });

  it("reads a tab-separated file and Excel's plain CSV in Windows-1252", async () => {
    const { env, file, sessions } = setup();
    const tabbed = [columns, row("TAB1")].join("\n").replaceAll(";", "\t");
    expect((await cli(env, "sessions", "import", file("tabs.csv", tabbed))).code).toBe(0);
    const latin = Buffer.from([columns, row("CP1", { venue: "Café Hé, zaal één" })].join("\r\n"), "latin1");
    expect(latin.includes(0xe9)).toBe(true);
    const imported = await cli(env, "sessions", "import", file("cp1252.csv", latin));
    expect(imported.code).toBe(0);
    expect(sessions().find((s) => s.id === "CP1")?.venue).toBe("Café Hé, zaal één");
    // Excel's "Unicode text": UTF-16 with a BOM, tab-separated.
    const unicode = [columns, row("U16", { venue: "Zaal één" })].join("\r\n").replaceAll(";", "\t");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(unicode, "utf16le")]);
    expect((await cli(env, "sessions", "import", file("unicode.txt", utf16))).code).toBe(0);
    expect(sessions().find((s) => s.id === "U16")?.venue).toBe("Zaal één");
  });

  it("a double quote that is never closed is a problem at its line, not a crash", async () => {
    const { env, file, sessions } = setup();
    const text = [columns, row("Q1"), row("Q2", { notes: '"Inloop vanaf 19:00' }), row("Q3")].join("\n");
    const result = await cli(env, "sessions", "import", file("quote.csv", text));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^Niets geïmporteerd uit .*\nline \d+, row: /);
    expect(sessions()).toHaveLength(0);
  });

  it('accepts a Dutch decimal comma for a whole number ("20,0") and refuses "20,5" by line and field', async () => {
    const { env, file, sessions } = setup();
    const whole = await cli(
      env,
      "sessions",
      "import",
      file("whole.csv", [columns, row("D1", { capacity: "20,0" })].join("\n")),
    );
    expect(whole.code).toBe(0);
    expect(sessions()[0]?.capacity).toBe(20);
    const half = await cli(
      env,
      "sessions",
      "import",
      file("half.csv", [columns, row("D2"), row("D3", { capacity: "20,5" })].join("\n")),
    );
    expect(half.code).toBe(1);
    expect(half.err).toMatch(/line 3, capacity: must be a whole number .*decimal/);
    expect(sessions().map((s) => s.id)).toEqual(["D1"]);
  });

  it("a comma file with an unquoted comma says which line and why", async () => {
    const { env, file } = setup();
    const comma = [
      columns.replaceAll(";", ","),
      row("C1").replaceAll(";", ",").replace("Inloop, koffie", "Inloop koffie"),
    ];
    const result = await cli(env, "sessions", "import", file("comma.csv", comma.join("\n")));
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      'line 2, row: has 14 fields, the header has 13: a "," inside a field needs double quotes',
    );
  });

  it("prints the first 50 problems and counts the rest; nothing is imported", async () => {
    const { env, file, sessions } = setup();
    const rows = Array.from({ length: 60 }, (_, i) => row(`B${i}`, { date: "2027-02-30" }));
    const result = await cli(env, "sessions", "import", file("bad.csv", [columns, row("OK1"), ...rows].join("\n")));
    expect(result.code).toBe(1);
    const lines = result.err.trim().split("\n");
    expect(lines[0]).toMatch(/^Niets geïmporteerd uit .*bad\.csv:$/);
    expect(lines.filter((l) => /^line \d+, date: is not a real date/.test(l))).toHaveLength(50);
    expect(lines[1]).toMatch(/^line 3, date/);
    expect(lines.at(-1)).toBe("… en nog 10 fouten.");
    expect(lines).toHaveLength(52);
    expect(sessions()).toHaveLength(0);
  });

  it("an Excel workbook renamed .csv gets the Dutch hint, not column errors or binary bytes", async () => {
    const { env, file, sessions } = setup();
    const zip = new JSZip();
    zip.file("[Content_Types].xml", "<Types/>");
    zip.file("xl/workbook.xml", "<workbook/>");
    const xlsx = await zip.generateAsync({ type: "uint8array" });
    const xls = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0, 0x3e, 0]);
    for (const [name, bytes] of [
      ["sessies.csv", xlsx],
      ["oud.csv", xls],
    ] as const) {
      const result = await cli(env, "sessions", "import", file(name, bytes));
      expect(result.code).toBe(1);
      expect(result.err).toContain("dit is een Excel-werkmap");
      expect(result.err).toContain("sla op als CSV");
      expect(result.err).not.toMatch(/line \d|unknown column/);
      // Only printable text and line ends reach the terminal.
      expect(result.err).toMatch(/^[\p{L}\p{N}\p{P}\p{S} \n]+$/u);
    }
    const english = await cli({ ...env, BOT_LOCALE: "en" }, "sessions", "import", file("en.csv", xlsx));
    expect(english.err).toContain("this is an Excel workbook: save it as CSV");
    expect(sessions()).toHaveLength(0);
  });

  it("refuses a new session in the past by line; --allow-past imports it with a warning", async () => {
    const { env, file, sessions } = setup();
    const path = file("past.csv", [columns, row("NEW1"), row("OLD1", { date: "2025-09-15" })].join("\n"));
    const refused = await cli(env, "sessions", "import", path);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/line 3, date: starts in the past \(2025-09-15 19:30\).*check the year/);
    expect(sessions()).toHaveLength(0);
    const allowed = await cli(env, "sessions", "import", path, "--allow-past");
    expect(allowed.code).toBe(0);
    expect(allowed.out).toContain("Imported 2 sessions");
    expect(allowed.err).toMatch(/^Let op:\nline 3, date: OLD1 starts in the past/);
  });

  it("a re-import of the year's file keeps sessions held since then, with a warning naming the line", async () => {
    driver = new Driver();
    const text = [columns, row("SEP"), row("NOV", { date: "2027-11-15" })].join("\n");
    const bytes = async function* () {
      yield Buffer.from(text);
    };
    expect((await importSessionsCsvStream(driver.ctx, bytes)).kind).toBe("imported");
    driver.clock.set(Date.UTC(2027, 9, 1));
    const again = await importSessionsCsvStream(driver.ctx, bytes);
    expect(again).toMatchObject({
      kind: "imported",
      count: 2,
      warningTotal: 1,
      warnings: [{ line: 2, field: "date", reason: expect.stringContaining("SEP starts in the past") }],
    });
    expect(getSession(driver.ctx.db, "SEP")?.revision).toBe(0);
  });
});

describe("large files", () => {
  it("a 20 MB file with one bad row at the end imports nothing and names that line", async () => {
    const { env, sessions } = setup();
    const path = join(dirname(env.DATABASE_PATH), "large.csv");
    const rows = await writeLargeSessionsCsv(path, { bytes: 20e6 });
    appendFileSync(path, `${row("LAST", { date: "2027-13-01" })}\r\n`);
    const result = await cli(env, "sessions", "import", path);
    expect(result.code).toBe(1);
    expect(result.err.trim().split("\n")).toEqual([
      expect.stringMatching(/^Niets geïmporteerd/),
      `line ${rows + 2}, date: is not a real date (2027-13-01)`,
    ]);
    expect(sessions()).toHaveLength(0);
  }, 120_000);

  it("a 20 MB file of bad rows prints 50 problems and the count, not megabytes", async () => {
    const { env } = setup();
    const path = join(dirname(env.DATABASE_PATH), "bad-large.csv");
    const rows = await writeLargeSessionsCsv(path, { bytes: 20e6, badEvery: 1 });
    const result = await cli(env, "sessions", "import", path);
    expect(result.code).toBe(1);
    const lines = result.err.trim().split("\n");
    expect(lines).toHaveLength(52);
    expect(lines.at(-1)).toBe(`… en nog ${rows - 50} fouten.`);
    expect(result.err.length).toBeLessThan(10_000);
  }, 120_000);

  it("imports a few thousand sessions in one go, reading the file twice: check, then write", async () => {
    const { env, sessions } = setup();
    const path = join(dirname(env.DATABASE_PATH), "medium.csv");
    const rows = await writeLargeSessionsCsv(path, { bytes: 1e6 });
    const result = await cli(env, "sessions", "import", path);
    expect(result).toMatchObject({ code: 0, out: `Imported ${rows} sessions: ${rows} new, 0 updated, 0 unchanged.\n` });
    expect(sessions()).toHaveLength(rows);
  }, 120_000);

  it("rolls the write back when the second read finds a problem the first did not (a file changed meanwhile)", async () => {
    driver = new Driver();
    const good = [columns, row("A1"), row("A2"), row("A3")].join("\n");
    const changed = [columns, row("A1"), row("A2"), row("A3", { capacity: "nul" })].join("\n");
    let reads = 0;
    const open = async function* () {
      reads++;
      yield Buffer.from(reads === 1 ? good : changed);
    };
    const outcome = await importSessionsCsvStream(driver.ctx, open);
    expect(reads).toBe(2);
    expect(outcome).toMatchObject({ kind: "problems", total: 1, problems: [{ line: 4, field: "capacity" }] });
    expect(listSessions(driver.ctx.db, { includeCancelled: true })).toHaveLength(0);
    expect(driver.ctx.db.inTransaction).toBe(false);
  });
});
