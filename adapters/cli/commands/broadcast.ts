import { type Audience, parseBroadcastAudience } from "../../../src/domain/audience.js";
import { deliveryReport, getBroadcast } from "../../../src/domain/broadcasts.js";
import { parseMemberKey } from "../../../src/domain/member-key.js";
import { getSession } from "../../../src/domain/sessions.js";
import { formatDateTime } from "../../../src/i18n/dates.js";
import { queueBroadcast } from "../../../src/services/broadcast-queue.js";
import { createDraft, recipientCount, resendFailed } from "../../../src/services/broadcasts.js";
import type { CoreContext } from "../../../src/services/context.js";
import { parseLocalDateTime } from "../../../src/time/local-time.js";
import { workspaceLines } from "../../../src/views/delivery-report-view.js";
import { CliError, type RegisterCommands } from "../io.js";

const actor = "cli";

/** `everyone`, `region:Utrecht`, `session:UT1`, `waitlist:UT1`, `channel:slack:C0123`. */
function audienceOption(ctx: CoreContext, text: string): Audience {
  const colon = text.indexOf(":");
  const kind = colon < 0 ? text : text.slice(0, colon);
  const arg = colon < 0 ? undefined : text.slice(colon + 1);
  if (kind === "channel") {
    const key = arg ? parseMemberKey(arg) : undefined;
    if (!key) throw new CliError("--to channel:<platform>:<channel id>, e.g. channel:slack:C0123ABC");
    return { kind: "channel", platform: key.platform, conversation: key.userId };
  }
  const audience = parseBroadcastAudience(ctx.db, kind, arg, "slack");
  if (typeof audience === "string") {
    const why = {
      region_unknown: `unknown region "${arg ?? ""}": use a province such as Utrecht`,
      session_unknown: `no session with id "${arg ?? ""}"`,
      channel_missing: "a channel id is needed",
      kind_unknown: "--to must be everyone, region:<province>, session:<id>, waitlist:<id> or channel:<platform>:<id>",
    }[audience];
    throw new CliError(why);
  }
  return audience;
}

function reportLine(ctx: CoreContext, id: number): string {
  const report = deliveryReport(ctx.db, id);
  const next =
    report.waiting && report.nextAt !== undefined
      ? `, next ${formatDateTime(report.nextAt, ctx.config.BOT_TIMEZONE, "en")}`
      : "";
  const optedOut = report.optedOut ? ` (${report.optedOut} left out: they said stop)` : "";
  return `sent ${report.sent}, waiting ${report.waiting}, failed ${report.failed} of ${report.total}${optedOut}${next}`;
}

export const registerBroadcastCommands: RegisterCommands = (program, { io, context }) => {
  const broadcast = program.command("broadcast").description("messages from the organisers to members or a channel");
  broadcast
    .command("send")
    .description("queue a message; the running bot delivers it (nudges wait for office hours unless --urgent)")
    .requiredOption("--text <text>", "the message")
    .requiredOption(
      "--to <audience>",
      "everyone | region:<province> | session:<id> | waitlist:<id> | channel:<platform>:<id>",
    )
    .option("--session <id>", "attach the announcement of this session, with its sign-up button")
    .option("--at <time>", 'send later, e.g. "2027-06-02 09:00" in BOT_TIMEZONE')
    .option("--urgent", "send outside office hours too")
    .option("--preview", "only show how many would receive it")
    .action(
      (options: { text: string; to: string; session?: string; at?: string; urgent?: boolean; preview?: boolean }) => {
        const ctx = context();
        const text = options.text.trim();
        if (!text || text.length > 3000) throw new CliError("--text must be 1 to 3000 characters");
        const audience = audienceOption(ctx, options.to);
        if (options.session && !getSession(ctx.db, options.session)) {
          throw new CliError(`no session with id "${options.session}"`);
        }
        const sendAt = options.at ? parseLocalDateTime(options.at, ctx.config.BOT_TIMEZONE) : undefined;
        if (options.at && (sendAt === undefined || sendAt <= ctx.clock.now())) {
          throw new CliError('--at must be a future time such as "2027-06-02 09:00"');
        }
        const recipients = recipientCount(ctx.db, { audience, urgent: options.urgent ?? false });
        if (options.preview) {
          io.out(`Would go to ${recipients} recipient${recipients === 1 ? "" : "s"}.\n`);
          return;
        }
        const id = createDraft(ctx, {
          createdBy: actor,
          text,
          ...(options.session ? { sessionId: options.session } : {}),
          audience,
          urgent: options.urgent ?? false,
          ...(sendAt !== undefined ? { sendAt } : {}),
          locale: ctx.config.BOT_LOCALE,
        });
        const queued = queueBroadcast(ctx, id, actor) ?? 0;
        io.out(
          `Broadcast ${id} queued for ${queued} recipient${queued === 1 ? "" : "s"}. Progress: spreekuur deliveries ${id}\n`,
        );
      },
    );
  broadcast
    .command("resend")
    .description("queue the failed messages of a broadcast again")
    .argument("<id>", "broadcast id")
    .action((value: string) => {
      const ctx = context();
      const id = Number(value);
      if (!Number.isInteger(id) || !getBroadcast(ctx.db, id)) throw new CliError(`no broadcast with id ${value}`);
      const count = resendFailed(ctx, id, actor);
      io.out(`${count} message${count === 1 ? "" : "s"} queued again.\n`);
    });
  program
    .command("deliveries")
    .description("the delivery report of a broadcast: sent, waiting, failed with reasons, per workspace if several")
    .argument("<id>", "broadcast id")
    .option("--watch", "show progress until nothing is waiting")
    .option("--interval <seconds>", "seconds between progress lines with --watch", "2")
    .option("--json", "print the report as JSON (after --watch, the last one)")
    .action(async (value: string, options: { watch?: boolean; interval: string; json?: boolean }) => {
      const ctx = context();
      const id = Number(value);
      if (!Number.isInteger(id) || !getBroadcast(ctx.db, id)) throw new CliError(`no broadcast with id ${value}`);
      const intervalMs = Math.max(0.01, Number(options.interval) || 2) * 1000;
      if (!options.json || options.watch) io.out(`${reportLine(ctx, id)}\n`);
      while (options.watch && deliveryReport(ctx.db, id).waiting > 0) {
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
        io.out(`${reportLine(ctx, id)}\n`);
      }
      const report = deliveryReport(ctx.db, id);
      if (options.json) {
        io.out(`${JSON.stringify({ broadcast: id, ...report }, null, 2)}\n`);
        return;
      }
      for (const failure of report.failures) io.out(`  failed: ${failure.reason} (${failure.count})\n`);
      for (const line of workspaceLines(report, "en")) io.out(`  ${line}\n`);
    });
};
