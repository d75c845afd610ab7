import { DateTime } from "luxon";
import { ProblemList, readSessionsCsv } from "../domain/session-csv-stream.js";
import type { ImportProblem } from "../domain/session-import.js";
import { getSession } from "../domain/sessions.js";
import { inAsyncTransaction, inTransaction } from "../storage/db.js";
import type { NotCsv, SessionInput } from "../types.js";
import type { CoreContext } from "./context.js";
import { applySession, capacityProblem, emptySummary, type ImportSummary } from "./session-service.js";

// An organiser's session file, from bytes to the database, in two reads of the stream: the first checks every row
// (and against the clock and the database) keeping nothing but the first problems; the second writes, in one
// transaction that is rolled back if anything turned out wrong after all. Memory stays bounded for any file size.

export type FileImportOutcome =
  | { kind: "imported"; count: number; summary: ImportSummary; warnings: ImportProblem[]; warningTotal: number }
  /** The first `maxProblems` problems in line order; `total` counts them all. */
  | { kind: "problems"; problems: ImportProblem[]; total: number }
  | { kind: "not_csv"; what: NotCsv };

export interface FileImportOptions {
  isExample?: boolean;
  /** Import sessions that already started (to record ones held before); they are not listed. */
  allowPast?: boolean;
  maxProblems?: number;
}

/** Checks against the clock and the database: a new session in the past is refused, a known one warned about. */
function sessionChecks(ctx: CoreContext, options: FileImportOptions, warnings: ProblemList) {
  const now = ctx.clock.now();
  return (session: SessionInput, line: number): ImportProblem | undefined => {
    const capacity = capacityProblem(ctx, session, line);
    if (capacity || session.startsAt > now) return capacity;
    const day = DateTime.fromMillis(session.startsAt, { zone: ctx.config.BOT_TIMEZONE }).toFormat("yyyy-MM-dd HH:mm");
    if (options.allowPast || getSession(ctx.db, session.id)) {
      warnings.add({ line, field: "date", reason: `${session.id} starts in the past (${day}): imported, not listed` });
      return undefined;
    }
    return {
      line,
      field: "date",
      reason: `starts in the past (${day}), so it would never be listed: check the year (--allow-past imports it anyway)`,
    };
  };
}

/** Reads a CSV byte stream twice (`open` gives a fresh stream each time) and imports it, all or nothing. */
export async function importSessionsCsvStream(
  ctx: CoreContext,
  open: () => AsyncIterable<Uint8Array>,
  options: FileImportOptions = {},
): Promise<FileImportOutcome> {
  const zone = ctx.config.BOT_TIMEZONE;
  const maxProblems = options.maxProblems ?? 50;
  const warnings = new ProblemList(maxProblems);
  const check = sessionChecks(ctx, options, warnings);
  const first = await readSessionsCsv(open, zone, { maxProblems, onSession: (s, line) => check(s, line) });
  if (first.kind !== "ok") return first;

  const now = ctx.clock.now();
  const summary = emptySummary();
  const recheck = sessionChecks(ctx, options, new ProblemList(0));
  // One transaction across the awaits of the stream: nothing else in this process uses the connection meanwhile.
  const second = await inAsyncTransaction(
    ctx.db,
    () =>
      readSessionsCsv(open, zone, {
        maxProblems,
        encoding: first.encoding,
        onSession: (session, line, clean) => {
          const problem = recheck(session, line);
          if (!problem && clean) applySession(ctx, session, summary, options, now);
          return problem;
        },
      }),
    (read) => read.kind === "ok",
  );
  if (second.kind !== "ok") return second;
  return { kind: "imported", count: second.count, summary, warnings: warnings.first, warningTotal: warnings.total };
}

/** The same checks and one transaction for sessions already in memory (a JSON file). */
export function importChecked(
  ctx: CoreContext,
  sessions: SessionInput[],
  lines: number[],
  options: FileImportOptions = {},
): FileImportOutcome {
  const maxProblems = options.maxProblems ?? 50;
  const warnings = new ProblemList(maxProblems);
  const problems = new ProblemList(maxProblems);
  const check = sessionChecks(ctx, options, warnings);
  sessions.forEach((session, index) => {
    const problem = check(session, lines[index] ?? index + 1);
    if (problem) problems.add(problem);
  });
  if (problems.total) return { kind: "problems", problems: problems.first, total: problems.total };
  const now = ctx.clock.now();
  const summary = emptySummary();
  inTransaction(ctx.db, () => {
    for (const session of sessions) applySession(ctx, session, summary, options, now);
  });
  return { kind: "imported", count: sessions.length, summary, warnings: warnings.first, warningTotal: warnings.total };
}
