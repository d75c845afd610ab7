import { loadReportFormat } from "../../../src/domain/report-format.js";
import { formatDateTime } from "../../../src/i18n/dates.js";
import { exportReports } from "../../../src/services/report-export.js";
import { reportStatuses } from "../../../src/services/report-status.js";
import { CliError, formatOrFail, type RegisterCommands } from "../io.js";

export const registerReportCommands: RegisterCommands = (program, { io, context }) => {
  const reports = program.command("reports").description("session reports in the common format");
  reports
    .command("status")
    .description("which sessions held have a report")
    .option("--format <format>", "table or json", "table")
    .action((options: { format: string }) => {
      if (options.format !== "table" && options.format !== "json") throw new CliError("--format must be table or json");
      const ctx = context();
      const statuses = reportStatuses(ctx.db, ctx.clock.now());
      if (options.format === "json") {
        const rows = statuses.map(({ session, leader, state, submittedAt }) => ({
          session_id: session.id,
          session: session.title,
          city: session.city,
          starts_at: new Date(session.startsAt).toISOString(),
          leader: leader ?? null,
          report: state,
          submitted_at: submittedAt === null ? null : new Date(submittedAt).toISOString(),
        }));
        io.out(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      if (!statuses.length) io.out("No sessions held yet.\n");
      for (const { session, leader, state } of statuses) {
        const when = formatDateTime(session.startsAt, ctx.config.BOT_TIMEZONE, "nl");
        io.out(`${session.id}\t${when}\t${session.city}\t${state}\t${leader ?? "(no leader linked)"}\n`);
      }
    });
  reports
    .command("export")
    .description("every submitted report, arranged by core task and question, with session, city and date")
    .option("--format <format>", "csv or json", "csv")
    .action((options: { format: string }) => {
      if (options.format !== "csv" && options.format !== "json") throw new CliError("--format must be csv or json");
      const ctx = context();
      const format = formatOrFail(() => loadReportFormat(ctx.config.REPORT_FORMAT_PATH));
      io.out(exportReports(ctx.db, format, ctx.config.BOT_TIMEZONE, options.format));
    });
  reports
    .command("check-format")
    .description("validate a report format file (default: REPORT_FORMAT_PATH)")
    .argument("[file]")
    .action((file: string | undefined) => {
      const path = file ?? context().config.REPORT_FORMAT_PATH;
      const format = formatOrFail(() => loadReportFormat(path));
      io.out(
        `${path}: version ${format.version}, ${format.coreTasks.length} core tasks × ${format.questions.length} questions.\n`,
      );
    });
};
