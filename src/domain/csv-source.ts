// What an organiser's "CSV" really is, before it is parsed: an Excel workbook renamed .csv, which encoding Excel
// wrote (UTF-8 with a BOM for "CSV UTF-8", Windows-1252 for the plain "CSV", UTF-16 for "Unicode text"), and which
// separator the header line uses (Dutch Excel writes `;`, because the comma is the decimal sign).

import type { NotCsv } from "../types.js";
export type TextEncoding = "utf-8" | "windows-1252" | "utf-16le" | "utf-16be";
export type Delimiter = "," | ";" | "\t";

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((byte, i) => bytes[i] === byte);

/** An xlsx is a ZIP (`PK\x03\x04`), an xls an OLE compound file (`D0 CF 11 E0 A1 B1 1A E1`); NUL bytes mean binary. */
export function sniffNotCsv(head: Uint8Array): NotCsv | undefined {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return "xlsx";
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return "xls";
  if (encodingFromBom(head)?.startsWith("utf-16")) return undefined;
  return head.subarray(0, 4096).includes(0) ? "binary" : undefined;
}

/** The encoding a byte order mark names, if the file starts with one. */
export function encodingFromBom(head: Uint8Array): TextEncoding | undefined {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return "utf-8";
  if (startsWith(head, [0xff, 0xfe])) return "utf-16le";
  if (startsWith(head, [0xfe, 0xff])) return "utf-16be";
  return undefined;
}

/**
 * The separator of the header line only (column names never contain one): the most frequent of `;`, `,` and tab
 * outside double quotes. A comma in a data field then stays part of the field in a `;` file.
 */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts: Record<Delimiter, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "," || char === ";" || char === "\t")) counts[char]++;
    else if (!quoted && char === "\n") break;
  }
  const [best] = (Object.keys(counts) as Delimiter[]).sort((a, b) => counts[b] - counts[a]);
  return best && counts[best] > 0 ? best : ",";
}

/** Thrown while decoding as UTF-8 when the bytes are not UTF-8: the reader starts again as Windows-1252. */
export class NotUtf8Error extends Error {}

/** Decodes a byte stream to text chunks (a BOM is dropped); without a BOM UTF-8 is tried, strictly. */
export async function* decodeText(source: AsyncIterable<Uint8Array>, encoding: TextEncoding): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: encoding === "utf-8" });
  try {
    for await (const chunk of source) {
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
    }
    const tail = decoder.decode();
    if (tail) yield tail;
  } catch (error) {
    if (error instanceof TypeError && encoding === "utf-8") throw new NotUtf8Error("not UTF-8");
    throw error;
  }
}

/** Reads at least `size` bytes from the front (fewer if the file is shorter) and gives them back with the rest. */
export async function peekBytes(
  source: AsyncIterable<Uint8Array>,
  size: number,
): Promise<{ head: Uint8Array; all: AsyncIterable<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    taken.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(taken);
  async function* all(): AsyncGenerator<Uint8Array> {
    if (head.length) yield head;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { head, all: all() };
}
