import { getSession } from "../../../src/domain/sessions.js";
import { exportAttendance } from "../../../src/services/attendance-export.js";
import { CliError, type RegisterCommands } from "../io.js";

export const registerAttendanceCommands: RegisterCommands = (program, { io, context }) => {
  program
    .command("attendance")
    .description("attendance as marked by the session leaders")
    .command("export")
    .description("attendance of one session, or of every session held so far")
    .argument("[session-id]")
    .option("--format <format>", "csv or json", "csv")
    .action((sessionId: string | undefined, options: { format: string }) => {
      if (options.format !== "csv" && options.format !== "json") throw new CliError("--format must be csv or json");
      const ctx = context();
      if (sessionId && !getSession(ctx.db, sessionId)) throw new CliError(`No session with id ${sessionId}.`);
      io.out(
        exportAttendance(ctx.db, {
          ...(sessionId ? { sessionId } : {}),
          now: ctx.clock.now(),
          zone: ctx.config.BOT_TIMEZONE,
          format: options.format,
        }),
      );
    });
};
