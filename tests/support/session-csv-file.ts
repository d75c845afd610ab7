import { once } from "node:events";
import { createWriteStream } from "node:fs";

// Large organiser files for the import test and benchmark: `;`-separated like Dutch Excel, CRLF, a BOM, commas in
// fields, ~250 bytes a row. `bad` rows (every n-th, or all) carry an impossible date.

export interface LargeCsvOptions {
  bytes: number;
  /** Every n-th row is bad (0: none; 1: all). */
  badEvery?: number;
}

const header = "id;title;date;start_time;end_time;venue;address;city;region;leader;capacity;audience;notes";

/** Writes the file as a stream (the test process stays small too); resolves to the number of data rows. */
export async function writeLargeSessionsCsv(path: string, options: LargeCsvOptions): Promise<number> {
  const out = createWriteStream(path);
  out.write(`\uFEFF${header}\r\n`);
  let written = header.length + 3;
  let rows = 0;
  while (written < options.bytes) {
    rows++;
    const day = String((rows % 28) + 1).padStart(2, "0");
    const bad = options.badEvery ? rows % options.badEvery === 0 : false;
    const line = [
      `S${String(rows).padStart(7, "0")}`,
      `Denksessie ${rows % 300}`,
      bad ? "2027-02-30" : `2027-10-${day}`,
      "19:30",
      "22:00",
      "Huisartsenpost, zaal 2",
      `Stationsplein ${rows % 200}, 3511 ED`,
      "Utrecht",
      "Utrecht",
      "Anne de Vries",
      "20,0",
      "both",
      "Inloop met koffie vanaf 19:00, graag op tijd, parkeren bij P+R Westraven, bus 12 of fiets.",
    ].join(";");
    if (!out.write(`${line}\r\n`)) await once(out, "drain");
    written += line.length + 2;
  }
  out.end();
  await once(out, "finish");
  return rows;
}
