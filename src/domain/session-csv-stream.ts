import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CsvError, parse } from "csv-parse";
import type { NotCsv, SessionInput } from "../types.js";
import {
  type Delimiter,
  decodeText,
  detectDelimiter,
  encodingFromBom,
  NotUtf8Error,
  peekBytes,
  sniffNotCsv,
  type TextEncoding,
} from "./csv-source.js";
import { checkHeader, fieldCountProblem, type ImportProblem, rowValidator } from "./session-row.js";

// The session import for files of any size: read as a stream, row by row, so memory holds the ids seen and the first
// problems, never the file nor its sessions. Each valid session goes to `onSession` as it is read; the caller checks
// a whole file first and writes in a second read, so nothing is half-imported.

export type CsvReadResult =
  | { kind: "ok"; count: number; delimiter: Delimiter; encoding: TextEncoding }
  /** `problems` are the first `maxProblems`, in line order; `total` counts them all. */
  | { kind: "problems"; problems: ImportProblem[]; total: number }
  | { kind: "not_csv"; what: NotCsv };

export interface CsvReadOptions {
  /** Problems kept (and later printed); the rest are only counted. */
  maxProblems?: number;
  /**
   * Called for each valid row, with `clean` false once any problem was found (then nothing will be written); a
   * problem it returns counts like a row's.
   */
  onSession?: (session: SessionInput, line: number, clean: boolean) => ImportProblem | undefined;
  /** The encoding found by an earlier read of the same file (no second guess halfway through a write). */
  encoding?: TextEncoding;
}

/** A problem list that keeps the first few and counts the rest. */
export class ProblemList {
  readonly first: ImportProblem[] = [];
  total = 0;
  constructor(private readonly max: number) {}
  add(problem: ImportProblem): void {
    this.total++;
    if (this.first.length < this.max) this.first.push(problem);
  }
}

/** A field longer than this is a stray quote swallowing the file: refused instead of held in memory. */
const maxRecordSize = 1_000_000;
const maxReason = 300;

/** Reads sessions from a CSV byte stream; `open` may be called twice (a file that is not UTF-8 is read again). */
export async function readSessionsCsv(
  open: () => AsyncIterable<Uint8Array>,
  zone: string,
  options: CsvReadOptions = {},
): Promise<CsvReadResult> {
  const { head, all } = await peekBytes(open(), 8);
  const notCsv = sniffNotCsv(head);
  if (notCsv) return { kind: "not_csv", what: notCsv };
  const encoding = options.encoding ?? encodingFromBom(head) ?? "utf-8";
  try {
    return await readDecoded(decodeText(all, encoding), encoding, zone, options);
  } catch (error) {
    if (!(error instanceof NotUtf8Error)) throw error;
    // Excel's plain "CSV" is Windows-1252: read the file again as that.
    return readDecoded(decodeText(open(), "windows-1252"), "windows-1252", zone, options);
  }
}

async function readDecoded(
  text: AsyncIterable<string>,
  encoding: TextEncoding,
  zone: string,
  options: CsvReadOptions,
): Promise<CsvReadResult> {
  const problems = new ProblemList(options.maxProblems ?? 50);
  const { firstLine, all } = await peekLine(text);
  const delimiter = detectDelimiter(firstLine);
  const parser = parse({
    skip_empty_lines: true,
    trim: true,
    info: true,
    delimiter,
    relax_column_count: true,
    max_record_size: maxRecordSize,
  });
  const done = pipeline(Readable.from(all), parser).catch((error: unknown) => error);
  const validate = rowValidator(zone);
  let header: string[] | undefined;
  let count = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        const checked = checkHeader(record, info.lines);
        if (!checked.ok) {
          for (const problem of checked.problems) problems.add(problem);
          parser.destroy();
          break;
        }
        header = checked.header;
        continue;
      }
      const outcome =
        record.length === header.length
          ? validate(info.lines, Object.fromEntries(header.map((name, i) => [name, record[i] ?? ""])))
          : { ok: false as const, problems: [fieldCountProblem(info.lines, record.length, header.length, delimiter)] };
      if (!outcome.ok) for (const problem of outcome.problems) problems.add(problem);
      else {
        count++;
        const refused = options.onSession?.(outcome.session, info.lines, problems.total === 0);
        if (refused) problems.add(refused);
      }
    }
  } catch (error) {
    // Only the file's own faults become problems; anything else (a bug, a database error) is thrown.
    if (!(error instanceof CsvError)) throw error;
    problems.add(parseProblem(error));
  }
  const failed = await done;
  if (failed instanceof NotUtf8Error) throw failed;
  if (!header && !problems.total) problems.add({ line: 1, field: "header", reason: "the file is empty" });
  if (problems.total) return { kind: "problems", problems: problems.first, total: problems.total };
  return { kind: "ok", count, delimiter, encoding };
}

/** A csv-parse error (unclosed quote, a field too long) at its line, its message shortened. */
function parseProblem(error: unknown): ImportProblem {
  const line = (error as { lines?: number }).lines ?? 0;
  const code = (error as { code?: string }).code;
  const reason =
    code === "CSV_MAX_RECORD_SIZE"
      ? "a field runs on for more than a million characters: probably a double quote that is never closed"
      : String((error as Error).message ?? error);
  return { line, field: "row", reason: reason.length > maxReason ? `${reason.slice(0, maxReason)}…` : reason };
}

/** The text up to the first line end (for the separator), given back with the rest. */
async function peekLine(text: AsyncIterable<string>): Promise<{ firstLine: string; all: AsyncIterable<string> }> {
  const iterator = text[Symbol.asyncIterator]();
  let buffered = "";
  let done = false;
  // Up to the first line end (old Mac Excel ends lines with CR alone), or 1 MB without one.
  while (!/[\r\n]/.test(buffered) && buffered.length < 1_000_000) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    buffered += next.value;
  }
  const end = buffered.search(/[\r\n]/);
  async function* all(): AsyncGenerator<string> {
    if (buffered) yield buffered;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { firstLine: end < 0 ? buffered : buffered.slice(0, end), all: all() };
}
