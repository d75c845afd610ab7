import { createReadStream, readFileSync } from "node:fs";
import { extname } from "node:path";
import { formatProblems, parseSessionsJson } from "../../../src/domain/session-import.js";
import { listSessions } from "../../../src/domain/sessions.js";
import { formatDateTime } from "../../../src/i18n/dates.js";
import { importTexts } from "../../../src/i18n/import-texts.js";
import type { CoreContext } from "../../../src/services/context.js";
import {
  type FileImportOptions,
  type FileImportOutcome,
  importChecked,
  importSessionsCsvStream,
} from "../../../src/services/session-file-import.js";
import { CliError, type RegisterCommands } from "../io.js";

export const registerSessionCommands: RegisterCommands = (program, { io, context }) => {
  const sessions = program.command("sessions").description("the session list: import and show");
  sessions
    .command("import")
    .description("import sessions from a CSV or JSON file; nothing is imported if any row is bad")
    .argument("<file>", "a .csv (separator ; , or tab, taken from the header line) or .json file")
    .option("--example", "mark the sessions as example data")
    .option("--allow-past", "also import sessions that already started (they are not listed)")
    .action(async (file: string, options: { example?: boolean; allowPast?: boolean }) => {
      const ctx = context();
      const t = importTexts(ctx.config.BOT_LOCALE);
      const format = extname(file).toLowerCase() === ".json" ? "json" : "csv";
      const importOptions = { isExample: options.example ?? false, allowPast: options.allowPast ?? false };
      let outcome: FileImportOutcome;
      try {
        outcome =
          format === "json"
            ? importJson(ctx, readFileSync(file, "utf8"), importOptions)
            : await importSessionsCsvStream(ctx, () => createReadStream(file), importOptions);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (!code?.startsWith("E")) throw error;
        throw new CliError(`Cannot read ${file}: ${code}`);
      }
      if (outcome.kind === "not_csv") throw new CliError(`${t.nothingImported(file)} ${t.notCsv[outcome.what]}`);
      if (outcome.kind === "problems") {
        const more = outcome.total - outcome.problems.length;
        throw new CliError(
          [
            t.nothingImported(file),
            formatProblems(outcome.problems, format),
            ...(more > 0 ? [t.andMore(more)] : []),
          ].join("\n"),
        );
      }
      const s = outcome.summary;
      io.out(
        `Imported ${outcome.count} sessions: ${s.created} new, ${s.updated} updated, ${s.unchanged} unchanged` +
          `${s.promoted ? `, ${s.promoted} promoted from waitlists` : ""}${s.cancelled ? `, ${s.cancelled} cancelled` : ""}.\n`,
      );
      if (outcome.warningTotal) {
        const more = outcome.warningTotal - outcome.warnings.length;
        io.err(
          `${[t.warningsHeader, formatProblems(outcome.warnings, format), ...(more > 0 ? [t.moreWarnings(more)] : [])].join("\n")}\n`,
        );
      }
    });
  sessions
    .command("list")
    .description("list upcoming sessions with their sign-ups")
    .option("--all", "include past and cancelled sessions")
    .option("--format <format>", "table or json", "table")
    .action((options: { all?: boolean; format: string }) => {
      if (options.format !== "table" && options.format !== "json") throw new CliError("--format must be table or json");
      const ctx = context();
      const list = listSessions(ctx.db, options.all ? { includeCancelled: true } : { from: ctx.clock.now() });
      if (options.format === "json") {
        io.out(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      if (!list.length) io.out("No sessions.\n");
      for (const s of list) {
        const when = formatDateTime(s.startsAt, ctx.config.BOT_TIMEZONE, "nl");
        const state =
          s.status === "cancelled" ? "cancelled" : `${s.confirmed}/${s.capacity} confirmed, ${s.waitlisted} waitlisted`;
        io.out(`${s.id}\t${when}\t${s.city}\t${s.title}\t${state}\n`);
      }
    });
};

/** JSON files are read whole (they are written by programs, not exported from Excel). */
function importJson(ctx: CoreContext, text: string, options: FileImportOptions): FileImportOutcome {
  const parsed = parseSessionsJson(text, ctx.config.BOT_TIMEZONE);
  if (!parsed.ok) return { kind: "problems", problems: parsed.problems.slice(0, 50), total: parsed.problems.length };
  return importChecked(ctx, parsed.sessions, parsed.lines, options);
}
