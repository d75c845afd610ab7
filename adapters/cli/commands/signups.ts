import { getSession } from "../../../src/domain/sessions.js";
import { exportRoster } from "../../../src/services/roster-export.js";
import { CliError, type RegisterCommands } from "../io.js";

export const registerSignupCommands: RegisterCommands = (program, { io, context }) => {
  program
    .command("signups")
    .description("sign-ups")
    .command("export")
    .description("the roster of a session for its leader")
    .argument("<session-id>")
    .option("--format <format>", "csv or json", "csv")
    .action((sessionId: string, options: { format: string }) => {
      if (options.format !== "csv" && options.format !== "json") throw new CliError("--format must be csv or json");
      const ctx = context();
      if (!getSession(ctx.db, sessionId)) throw new CliError(`No session with id ${sessionId}.`);
      io.out(exportRoster(ctx.db, sessionId, options.format));
    });
};
