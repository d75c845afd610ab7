import { Command } from "commander";
import { systemClock } from "../../src/clock.js";
import type { CoreConfig } from "../../src/config/core-config.js";
import { silentLogger } from "../../src/log.js";
import type { CoreContext } from "../../src/services/context.js";
import { openDatabase } from "../../src/storage/db.js";
import { registerAttendanceCommands } from "./commands/attendance.js";
import { registerBroadcastCommands } from "./commands/broadcast.js";
import { registerConsultationCommands } from "./commands/consultation.js";
import { registerDashboardCommands } from "./commands/dashboard.js";
import { registerDirectoryCommands, type SlackDirectorySync } from "./commands/directory.js";
import { registerLeaderCommands } from "./commands/leaders.js";
import { registerMemberCommands } from "./commands/members.js";
import { registerOrganiserCommands } from "./commands/organisers.js";
import { registerPollCommands } from "./commands/poll.js";
import { registerReportCommands } from "./commands/reports.js";
import { registerSessionCommands } from "./commands/sessions.js";
import { registerSignupCommands } from "./commands/signups.js";
import { registerSurveyCommands } from "./commands/survey.js";
import type { CliIo, RegisterCommands } from "./io.js";

export type { SlackDirectorySync } from "./commands/directory.js";
export { CliError, type CliIo } from "./io.js";

/** Every command group, one file each. */
const commandGroups: RegisterCommands[] = [
  registerSessionCommands,
  registerSignupCommands,
  registerOrganiserCommands,
  registerMemberCommands,
  // After the session commands: it adds `sessions leader`.
  registerLeaderCommands,
  registerAttendanceCommands,
  registerReportCommands,
  registerSurveyCommands,
  registerPollCommands,
  registerConsultationCommands,
  registerBroadcastCommands,
  registerDashboardCommands,
];

/**
 * The `spreekuur` command line. Commands open the database named by DATABASE_PATH on first use; `config` gives the
 * core's settings (the CLI's entry reads them from the environment then). `slackDirectorySync` is the Slack
 * adapter's directory sync, wired by the entry (a command group may not reach into another adapter).
 */
export function buildProgram(io: CliIo, config: () => CoreConfig, slackDirectorySync: SlackDirectorySync): Command {
  let ctx: CoreContext | undefined;
  const context = (): CoreContext => {
    if (!ctx) {
      const settings = config();
      ctx = { db: openDatabase(settings.DATABASE_PATH), config: settings, clock: systemClock, log: silentLogger };
    }
    return ctx;
  };
  const program = new Command("spreekuur")
    .description("Spreekuur: denksessies, aanmeldingen, enquêtes en peilingen in Slack en Teams")
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  for (const register of [...commandGroups, registerDirectoryCommands(slackDirectorySync)]) {
    register(program, { io, context });
  }
  return program;
}
