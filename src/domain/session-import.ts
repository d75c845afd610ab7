import { parse as parseCsv } from "csv-parse/sync";
import type { SessionInput } from "../types.js";
import { detectDelimiter } from "./csv-source.js";
import { checkHeader, fieldCountProblem, type ImportProblem, rowValidator } from "./session-row.js";

export type { ImportProblem } from "./session-row.js";

export type ParseResult =
  | { ok: true; sessions: SessionInput[]; lines: number[] }
  | { ok: false; problems: ImportProblem[] };

/** Validates rows (objects of strings) given with the line each came from. All rows are checked; nothing is partial. */
function validateRows(rows: { line: number; record: Record<string, unknown> }[], zone: string): ParseResult {
  const validate = rowValidator(zone);
  const problems: ImportProblem[] = [];
  const sessions: SessionInput[] = [];
  const lines: number[] = [];
  for (const { line, record } of rows) {
    const outcome = validate(line, record);
    if (!outcome.ok) problems.push(...outcome.problems);
    else {
      sessions.push(outcome.session);
      lines.push(line);
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, sessions, lines };
}

/** Parses a CSV file (header row with the column names; the separator is the header's: `;`, `,` or tab). */
export function parseSessionsCsv(text: string, zone: string): ParseResult {
  const delimiter = detectDelimiter(text.slice(0, text.indexOf("\n") + 1 || undefined));
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      skip_empty_lines: true,
      trim: true,
      bom: true,
      info: true,
      delimiter,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    return { ok: false, problems: [{ line, field: "row", reason: (error as Error).message }] };
  }
  const [head, ...body] = records;
  if (!head) return { ok: false, problems: [{ line: 1, field: "header", reason: "the file is empty" }] };
  const checked = checkHeader(head.record, head.info.lines);
  if (!checked.ok) return checked;
  const { header } = checked;
  const problems: ImportProblem[] = body
    .filter(({ record }) => record.length !== header.length)
    .map(({ record, info }) => fieldCountProblem(info.lines, record.length, header.length, delimiter));
  const rows = body
    .filter(({ record }) => record.length === header.length)
    .map(({ record, info }) => ({
      line: info.lines,
      record: Object.fromEntries(header.map((name, i) => [name, record[i] ?? ""])),
    }));
  const result = validateRows(rows, zone);
  if (!problems.length) return result;
  return { ok: false, problems: [...problems, ...(result.ok ? [] : result.problems)].sort((a, b) => a.line - b.line) };
}

/** Parses JSON: an array of sessions (or `{ "sessions": [...] }`) with the CSV's field names. `line` is the item number. */
export function parseSessionsJson(text: string, zone: string): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ line: 0, field: "file", reason: `not valid JSON: ${(error as Error).message}` }] };
  }
  const list = Array.isArray(data) ? data : (data as { sessions?: unknown })?.sessions;
  if (!Array.isArray(list)) {
    return {
      ok: false,
      problems: [{ line: 0, field: "file", reason: 'expected an array of sessions or { "sessions": [...] }' }],
    };
  }
  const problems: ImportProblem[] = [];
  const rows = list.flatMap((item, index) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      problems.push({ line: index + 1, field: "row", reason: "must be an object" });
      return [];
    }
    return [{ line: index + 1, record: item as Record<string, unknown> }];
  });
  const result = validateRows(rows, zone);
  if (!problems.length) return result;
  return { ok: false, problems: [...problems, ...(result.ok ? [] : result.problems)].sort((a, b) => a.line - b.line) };
}

export function formatProblems(problems: ImportProblem[], format: "csv" | "json"): string {
  const where = format === "csv" ? "line" : "item";
  return problems.map((p) => `${where} ${p.line}, ${p.field}: ${p.reason}`).join("\n");
}
