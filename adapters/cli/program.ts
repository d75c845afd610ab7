import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { systemClock } from "../../src/clock.js";
import { type CoreConfig, loadCoreConfig } from "../../src/config.js";
import { type MemberKey, parseMemberKey } from "../../src/domain/member-key.js";
import { addOrganiser, listOrganisers, removeOrganiser } from "../../src/domain/organisers.js";
import { formatProblems, parseSessionsCsv, parseSessionsJson } from "../../src/domain/session-import.js";
import { getSession, listSessions } from "../../src/domain/sessions.js";
import { formatDateTime } from "../../src/i18n/dates.js";
import { silentLogger } from "../../src/log.js";
import type { CoreContext } from "../../src/services/context.js";
import { exportRoster } from "../../src/services/roster-export.js";
import { importSessions } from "../../src/services/session-service.js";
import { openDatabase } from "../../src/storage/db.js";

/** Thrown for a user error: printed as it is, exit code 1. */
export class CliError extends Error {}

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
}

function memberKey(value: string): MemberKey {
  const key = parseMemberKey(value);
  if (!key) throw new InvalidArgumentError("expected platform:userId, e.g. slack:U012AB3CD or teams:29:1abc");
  return key;
}

/** The `spreekuur` command line. Each command opens the database named by DATABASE_PATH. */
export function buildProgram(io: CliIo): Command {
  let config: CoreConfig | undefined;
  const context = (): CoreContext => {
    config ??= loadCoreConfig(io.env);
    return { db: openDatabase(config.DATABASE_PATH), config, clock: systemClock, log: silentLogger };
  };
  const program = new Command("spreekuur")
    .description("Spreekuur: denksessies, aanmeldingen, enquêtes en peilingen in Slack en Teams")
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  const sessions = program.command("sessions").description("session list: import and show");
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
      const parsed =
        format === "json"
          ? parseSessionsJson(text, ctx.config.BOT_TIMEZONE)
          : parseSessionsCsv(text, ctx.config.BOT_TIMEZONE);
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
    .description("list sessions with places left")
    .option("--all", "include past and cancelled sessions")
    .option("--format <format>", "table or json", "table")
    .action((options: { all?: boolean; format: string }) => {
      const ctx = context();
      const list = listSessions(ctx.db, options.all ? { includeCancelled: true } : { from: ctx.clock.now() });
      if (options.format === "json") {
        io.out(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      if (options.format !== "table") throw new CliError("--format must be table or json");
      if (!list.length) {
        io.out("No sessions.\n");
        return;
      }
      for (const s of list) {
        const when = formatDateTime(s.startsAt, ctx.config.BOT_TIMEZONE, "nl");
        const state =
          s.status === "cancelled" ? "cancelled" : `${s.confirmed}/${s.capacity} confirmed, ${s.waitlisted} waitlisted`;
        io.out(`${s.id}\t${when}\t${s.city}\t${s.title}\t${state}\n`);
      }
    });

  program
    .command("signups")
    .description("sign-ups")
    .command("export")
    .description("the roster of a session for its leader")
    .argument("<session-id>")
    .option("--format <format>", "csv or json", "csv")
    .action((sessionId: string, options: { format: string }) => {
      const ctx = context();
      if (options.format !== "csv" && options.format !== "json") throw new CliError("--format must be csv or json");
      if (!getSession(ctx.db, sessionId)) throw new CliError(`No session with id ${sessionId}.`);
      io.out(exportRoster(ctx.db, sessionId, options.format));
    });

  const organisers = program.command("organisers").description("who may import, announce, broadcast and export");
  organisers
    .command("add")
    .argument("<platform:userId>", "e.g. slack:U012AB3CD", memberKey)
    .action((key: MemberKey) => {
      const ctx = context();
      io.out(
        addOrganiser(ctx.db, key, ctx.clock.now())
          ? `Added ${key.platform}:${key.userId}.\n`
          : "Already an organiser.\n",
      );
    });
  organisers
    .command("remove")
    .argument("<platform:userId>", "e.g. slack:U012AB3CD", memberKey)
    .action((key: MemberKey) => {
      const ctx = context();
      if (!removeOrganiser(ctx.db, key))
        throw new CliError(`${key.platform}:${key.userId} is not an organiser in the database.`);
      io.out(`Removed ${key.platform}:${key.userId}.\n`);
    });
  organisers.command("list").action(() => {
    const ctx = context();
    const fromDb = listOrganisers(ctx.db);
    const fromEnv = ctx.config.ORGANISERS.filter((key) => !fromDb.includes(key));
    for (const key of fromDb) io.out(`${key}\n`);
    for (const key of fromEnv) io.out(`${key}\t(from ORGANISERS)\n`);
    if (!fromDb.length && !fromEnv.length) io.out("No organisers.\n");
  });
  return program;
}
