import { writeFileSync } from "node:fs";
import { audit } from "../../../src/domain/audit.js";
import { type ConsultationProblem, checkConsultation } from "../../../src/domain/consultation-input.js";
import { participationCounts } from "../../../src/domain/consultation-reactions.js";
import {
  createConsultation,
  getConsultation,
  listConsultations,
  parseConsultationAudience,
} from "../../../src/domain/consultations.js";
import { loadReportFormat, parseConsultationQuestions, type ReportFormat } from "../../../src/domain/report-format.js";
import { exportForOrganiser } from "../../../src/services/consultation-export.js";
import { closeRound } from "../../../src/services/consultation-service.js";
import { formatLocalDateTime, parseLocalDateTime } from "../../../src/time/local-time.js";
import { CliError, formatOrFail, type RegisterCommands, readJsonFile } from "../io.js";

// Consultation rounds (reactierondes) from the command line: create, list, export, close.

const actor = "cli";

const collect = (value: string, previous: string[]) => [...previous, value];

/** `mgz=https://…` → { mgz: "https://…" }; a task named twice is an error. */
function draftLinks(options: string[]): Record<string, string> {
  const drafts: Record<string, string> = {};
  for (const option of options) {
    const at = option.indexOf("=");
    if (at <= 0) throw new CliError(`--draft ${option}: expected <core task>=<https link>, e.g. mgz=https://…`);
    const taskId = option.slice(0, at).trim();
    if (taskId in drafts) throw new CliError(`--draft: core task ${taskId} is given twice.`);
    drafts[taskId] = option.slice(at + 1);
  }
  return drafts;
}

function problemText(problem: ConsultationProblem, format: ReportFormat): string {
  switch (problem.kind) {
    case "title":
      return "--title is required (at most 150 characters).";
    case "no_drafts":
      return "Give at least one --draft <core task>=<https link>.";
    case "unknown_task":
      return `Unknown core task "${problem.taskId}"; the report format has: ${format.coreTasks.map((t) => t.id).join(", ")}.`;
    case "not_https":
      return `The draft of ${problem.taskId} must be an https link.`;
    case "closes_before_opens":
      return "--closes must be after --opens.";
    case "closes_in_past":
      return "--closes is in the past.";
  }
}

export const registerConsultationCommands: RegisterCommands = (program, { io, context }) => {
  const consultation = program
    .command("consultation")
    .description("consultation rounds (reactierondes): members react to the working groups' drafts");
  consultation
    .command("create")
    .description("create a round; it opens, reminds and closes on its own (times in BOT_TIMEZONE)")
    .requiredOption("--title <title>")
    .option("--draft <task=url>", "a core task and the https link to its draft (repeat per task)", collect, [])
    .option("--questions <file>", "a JSON list of questions [{id, label: {nl, en}}] (default: the format's)")
    .option("--audience <audience>", "all, or roles: huisarts, aios, stakeholder, other (comma-separated)", "all")
    .requiredOption("--opens <time>", '"2027-01-10 09:00"')
    .requiredOption("--closes <time>", '"2027-01-31 17:00"')
    .option("--anonymous", "no link between a member and their reaction")
    .action(
      (o: {
        title: string;
        draft: string[];
        questions?: string;
        audience: string;
        opens: string;
        closes: string;
        anonymous?: boolean;
      }) => {
        const ctx = context();
        const zone = ctx.config.BOT_TIMEZONE;
        const format = formatOrFail(() => loadReportFormat(ctx.config.REPORT_FORMAT_PATH));
        const file = o.questions;
        const questions = file ? formatOrFail(() => parseConsultationQuestions(readJsonFile(file), file)) : undefined;
        const audience = parseConsultationAudience(o.audience);
        if (!audience) throw new CliError("--audience: all, or roles among huisarts, aios, stakeholder, other.");
        const opensAt = parseLocalDateTime(o.opens, zone);
        const closesAt = parseLocalDateTime(o.closes, zone);
        if (opensAt === undefined) throw new CliError(`--opens: not a time: ${o.opens} (use "2027-01-10 09:00").`);
        if (closesAt === undefined) throw new CliError(`--closes: not a time: ${o.closes} (use "2027-01-31 17:00").`);
        const request = { title: o.title, drafts: draftLinks(o.draft), audience, opensAt, closesAt };
        const checked = checkConsultation(
          format,
          { ...request, anonymous: o.anonymous === true, ...(questions ? { questions } : {}) },
          ctx.clock.now(),
        );
        if (!checked.ok)
          throw new CliError(`Not created:\n${checked.problems.map((p) => `  ${problemText(p, format)}`).join("\n")}`);
        const created = createConsultation(ctx.db, checked.draft, actor, ctx.clock.now());
        audit(ctx.db, { actor, action: "consultation.create", subject: `consultation:${created.id}` }, ctx.clock.now());
        io.out(
          `Created consultation ${created.id}${created.anonymous ? " (anonymous)" : ""}: ` +
            `${created.tasks.map((t) => t.taskId).join(", ")}; opens ${formatLocalDateTime(opensAt, zone)}, ` +
            `closes ${formatLocalDateTime(closesAt, zone)}.\n`,
        );
      },
    );
  consultation
    .command("list")
    .description("every round, newest first, with how many started and submitted")
    .action(() => {
      const ctx = context();
      const zone = ctx.config.BOT_TIMEZONE;
      const rounds = listConsultations(ctx.db);
      if (!rounds.length) io.out("No consultations.\n");
      for (const r of rounds) {
        const { started, submitted } = participationCounts(ctx.db, r.id);
        const when = `${formatLocalDateTime(r.opensAt, zone)}\t${formatLocalDateTime(r.closesAt, zone)}`;
        const counts = `${submitted} submitted, ${started} drafts`;
        io.out(`${r.id}\t${r.status}\t${r.anonymous ? "anonymous" : "named"}\t${when}\t${counts}\t${r.title}\n`);
      }
    });
  consultation
    .command("export")
    .argument("<id>")
    .description("the submitted reactions by core task and question, with counts per role")
    .option("--format <format>", "csv or json", "csv")
    .option("--out <file>", "write the export here instead of standard output")
    .action((id: string, o: { format: string; out?: string }) => {
      if (o.format !== "csv" && o.format !== "json") throw new CliError("--format must be csv or json");
      const ctx = context();
      if (!getConsultation(ctx.db, Number(id))) throw new CliError(`No consultation ${id}.`);
      const text = exportForOrganiser(ctx.db, Number(id), o.format, actor, ctx.clock.now());
      if (o.out) writeFileSync(o.out, text);
      else io.out(text);
    });
  consultation
    .command("close")
    .argument("<id>")
    .description("close a round now: no reaction is accepted after; drafts never submitted are discarded")
    .action((id: string) => {
      const ctx = context();
      const found = getConsultation(ctx.db, Number(id));
      if (!found) throw new CliError(`No consultation ${id}.`);
      // The one close: withdraws what still waits in the outbox and tells the organisers, as the chat's does.
      const submitted = closeRound(ctx, found, ctx.clock.now(), actor);
      if (submitted === undefined) throw new CliError(`Consultation ${id} is closed already.`);
      io.out(`Closed consultation ${id}: ${submitted} reaction${submitted === 1 ? "" : "s"} submitted.\n`);
    });
};
