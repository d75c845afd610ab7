import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { formatProblems, parseSessionsCsv, parseSessionsJson } from "../../../src/domain/session-import.js";
import { listSessions } from "../../../src/domain/sessions.js";
import { formatDateTime } from "../../../src/i18n/dates.js";
import { importSessions } from "../../../src/services/session-service.js";
import { CliError, type RegisterCommands } from "../io.js";

export const registerSessionCommands: RegisterCommands = (program, { io, context }) => {
  const sessions = program.command("sessions").description("the session list: import and show");
  sessions
    .command("import")
    .description("import sessions from a CSV or JSON file; nothing is imported if any row is bad")
    .argument("<file>", "a .csv or .json file")
    .option("--example", "mark the sessions as example data")
    .action((file: string, options: { example?: boolean }) => {
      const ctx = context();
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (error) {
        throw new CliError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      const format = extname(file).toLowerCase() === ".json" ? "json" : "csv";
      const zone = ctx.config.BOT_TIMEZONE;
      const parsed = format === "json" ? parseSessionsJson(text, zone) : parseSessionsCsv(text, zone);
      if (!parsed.ok) throw new CliError(`Nothing imported from ${file}:\n${formatProblems(parsed.problems, format)}`);
      const outcome = importSessions(ctx, parsed.sessions, parsed.lines, { isExample: options.example ?? false });
      if (!outcome.ok)
        throw new CliError(`Nothing imported from ${file}:\n${formatProblems(outcome.problems, format)}`);
      const s = outcome.summary;
      io.out(
        `Imported ${parsed.sessions.length} sessions: ${s.created} new, ${s.updated} updated, ${s.unchanged} unchanged` +
          `${s.promoted ? `, ${s.promoted} promoted from waitlists` : ""}${s.cancelled ? `, ${s.cancelled} cancelled` : ""}.\n`,
      );
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
