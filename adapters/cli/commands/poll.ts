import { writeFileSync } from "node:fs";
import { audit } from "../../../src/domain/audit.js";
import { describeErrors } from "../../../src/domain/form-input.js";
import { PollFields, validatePoll } from "../../../src/domain/poll-input.js";
import { createPoll, getPoll, lastRound, listPolls, roundResults } from "../../../src/domain/polls.js";
import { pollResultsCsv } from "../../../src/services/poll-export.js";
import { endPollNow } from "../../../src/services/poll-service.js";
import { resultsReply } from "../../../src/views/poll-views.js";
import { viewContext } from "../../../src/views/view-context.js";
import { CliError, type RegisterCommands, readJsonFile } from "../io.js";

const actor = "cli";

/** A poll file (see examples/poll-kerntaken.json): the form's fields; `options` may be a list. */
function fieldsFromFile(file: string): Record<string, string> {
  const data = readJsonFile(file);
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new CliError(`${file}: expected an object`);
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (Array.isArray(value)) fields[key] = value.map(String).join("\n");
    else if (typeof value === "boolean") fields[key] = value ? "yes" : "no";
    else if (value !== null && value !== undefined) fields[key] = String(value);
  }
  return fields;
}

export const registerPollCommands: RegisterCommands = (program, { io, context }) => {
  const poll = program.command("poll").description("quick polls: create, follow, close, export");
  poll
    .command("create")
    .description("create a poll from options or a JSON file (options override the file)")
    .option("--file <file>", "a poll file such as examples/poll-kerntaken.json")
    .option("--question <question>")
    .option("--option <option...>", "2 to 10 answers")
    .option("--kind <kind>", "single, multiple or scale")
    .option("--named", "not anonymous: answers can change until close")
    .option("--audience <audience>", "all, huisarts, aios, stakeholder, other or region:<province>")
    .option("--at <time>", 'first opening, "2027-09-14 09:00" (default now)')
    .option("--closes <time>", "once: closing time; recurring: no rounds after this")
    .option("--schedule <schedule>", '"every Tuesday 12:30", "elke dinsdag 12:30" or a cron line')
    .option("--open-hours <hours>", "how long each round stays open")
    .option("--show-running", "members see running results after answering")
    .option("--share-results", "results also go to the audience at close")
    .action(
      (o: {
        file?: string;
        question?: string;
        option?: string[];
        kind?: string;
        named?: boolean;
        audience?: string;
        at?: string;
        closes?: string;
        schedule?: string;
        openHours?: string;
        showRunning?: boolean;
        shareResults?: boolean;
      }) => {
        const ctx = context();
        const fields = o.file ? fieldsFromFile(o.file) : {};
        const set = (key: string, value: string | undefined) => {
          if (value !== undefined) fields[key] = value;
        };
        set(PollFields.question, o.question);
        set(PollFields.options, o.option?.join("\n"));
        set(PollFields.kind, o.kind);
        set(PollFields.anonymous, o.named ? "no" : undefined);
        set(PollFields.audience, o.audience);
        set(PollFields.at, o.at);
        set(PollFields.closes, o.closes);
        set(PollFields.schedule, o.schedule);
        set(PollFields.openHours, o.openHours);
        set(PollFields.showRunning, o.showRunning ? "yes" : undefined);
        set(PollFields.shareResults, o.shareResults ? "yes" : undefined);
        const checked = validatePoll(fields, ctx.config.BOT_TIMEZONE, ctx.clock.now());
        if (!checked.ok)
          throw new CliError(
            `Not created:\n${describeErrors(checked.errors, viewContext("en", "UTC", Date.now()).sp)}`,
          );
        const created = createPoll(ctx.db, checked.value, actor, ctx.clock.now());
        audit(ctx.db, { actor, action: "poll.create", subject: `poll:${created.id}` }, ctx.clock.now());
        io.out(`Created poll ${created.id}${created.anonymous ? " (anonymous)" : ""}.\n`);
      },
    );
  poll.command("list").action(() => {
    const ctx = context();
    const polls = listPolls(ctx.db);
    if (!polls.length) io.out("No polls.\n");
    for (const p of polls) io.out(`${p.id}\t${p.status}\t${p.anonymous ? "anonymous" : "named"}\t${p.question}\n`);
  });
  poll
    .command("results")
    .argument("<id>")
    .description("the latest round's results")
    .action((id: string) => {
      const ctx = context();
      const found = getPoll(ctx.db, Number(id));
      const round = found && lastRound(ctx.db, found.id);
      if (!found) throw new CliError(`No poll ${id}.`);
      if (!round) throw new CliError(`Poll ${id} has not opened yet.`);
      const reply = resultsReply(
        found,
        round,
        roundResults(ctx.db, found, round.id),
        viewContext("en", ctx.config.BOT_TIMEZONE, ctx.clock.now()),
        true,
      );
      for (const block of reply.blocks ?? []) if (block.kind === "text") io.out(`${block.text.replace(/[*`]/g, "")}\n`);
    });
  poll
    .command("close")
    .argument("<id>")
    .action((id: string) => {
      const ctx = context();
      const found = getPoll(ctx.db, Number(id));
      if (!found) throw new CliError(`No poll ${id}.`);
      endPollNow(ctx, found, ctx.clock.now(), actor);
      io.out(`Closed poll ${id}; results go to the organisers.\n`);
    });
  poll
    .command("export")
    .argument("<id>")
    .option("--out <file>", "write the CSV here instead of standard output")
    .action((id: string, o: { out?: string }) => {
      const ctx = context();
      const found = getPoll(ctx.db, Number(id));
      if (!found) throw new CliError(`No poll ${id}.`);
      const csv = pollResultsCsv(ctx.db, found, ctx.config.BOT_TIMEZONE);
      if (o.out) writeFileSync(o.out, csv);
      else io.out(csv);
    });
};
