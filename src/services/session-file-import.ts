import { DateTime } from "luxon";
import type { NotCsv } from "../domain/csv-source.js";
import { readSessionsCsv } from "../domain/session-csv-stream.js";
import type { ImportProblem } from "../domain/session-import.js";
import { getSession } from "../domain/sessions.js";
import type { SessionInput } from "../domain/types.js";
import type { CoreContext } from "./context.js";
import { type ImportSummary, importSessions } from "./session-service.js";

// An organiser's session file, from bytes to the database: read and checked as a stream, then written in one
// transaction. Sessions in the past are refused (they would never be listed) unless already known or allowed.

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

/** Reads a CSV byte stream (`open` may be called twice) and imports it, all or nothing. */
export async function importSessionsCsvStream(
  ctx: CoreContext,
  open: () => AsyncIterable<Uint8Array>,
  options: FileImportOptions = {},
): Promise<FileImportOutcome> {
  const read = await readSessionsCsv(open, ctx.config.BOT_TIMEZONE, { maxProblems: options.maxProblems ?? 50 });
  if (read.kind !== "ok") return read;
  return importChecked(ctx, read.sessions, read.lines, options);
}

/**
 * Imports rows that passed the row checks: first the checks against the clock and the database (past sessions,
 * capacity below the sign-ups), then one transaction.
 */
export function importChecked(
  ctx: CoreContext,
  sessions: SessionInput[],
  lines: number[],
  options: FileImportOptions = {},
): FileImportOutcome {
  const max = options.maxProblems ?? 50;
  const now = ctx.clock.now();
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  sessions.forEach((session, index) => {
    if (session.startsAt > now) return;
    const line = lines[index] ?? index + 1;
    const day = DateTime.fromMillis(session.startsAt, { zone: ctx.config.BOT_TIMEZONE }).toFormat("yyyy-MM-dd HH:mm");
    if (options.allowPast || getSession(ctx.db, session.id)) {
      warnings.push({ line, field: "date", reason: `${session.id} starts in the past (${day}): imported, not listed` });
    } else {
      problems.push({
        line,
        field: "date",
        reason: `starts in the past (${day}), so it would never be listed: check the year (--allow-past imports it anyway)`,
      });
    }
  });
  if (problems.length) return { kind: "problems", problems: problems.slice(0, max), total: problems.length };
  const outcome = importSessions(ctx, sessions, lines, { isExample: options.isExample ?? false });
  if (!outcome.ok) {
    return { kind: "problems", problems: outcome.problems.slice(0, max), total: outcome.problems.length };
  }
  return {
    kind: "imported",
    count: sessions.length,
    summary: outcome.summary,
    warnings: warnings.slice(0, max),
    warningTotal: warnings.length,
  };
}
