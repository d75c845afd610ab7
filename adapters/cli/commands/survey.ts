import { audit } from "../../../src/domain/audit.js";
import { campaignStatus } from "../../../src/domain/campaign-status.js";
import { createCampaign, getCampaign, listCampaigns } from "../../../src/domain/campaigns.js";
import { describeErrors } from "../../../src/domain/form-input.js";
import { SurveyFields, validateSurvey } from "../../../src/domain/survey-input.js";
import { closeCampaign } from "../../../src/services/survey-service.js";
import { formatLocalDateTime } from "../../../src/time/local-time.js";
import { viewContext } from "../../../src/views/view-context.js";
import { CliError, type RegisterCommands } from "../io.js";

const actor = "cli";

export const registerSurveyCommands: RegisterCommands = (program, { io, context }) => {
  const survey = program.command("survey").description("survey campaigns: invitations, reminders, status");
  survey
    .command("create")
    .description("create a campaign; it opens and reminds on its own (times in BOT_TIMEZONE)")
    .requiredOption("--title <title>")
    .requiredOption("--url <url>", "https link to the survey")
    .requiredOption("--opens <time>", '"2027-09-14 09:00"')
    .requiredOption("--closes <time>", '"2027-09-28 17:00"')
    .option("--audience <audience>", "all, huisarts, aios, stakeholder, other or region:<province>", "all")
    .option("--reminders <schedule>", '"every Tuesday 12:30", "elke dinsdag 12:30" or a cron line')
    .option("--max-reminders <n>", "per member, 0-10")
    .option("--personal-links", "an opaque token per member in the link (for the completion webhook)")
    .action(
      (o: {
        title: string;
        url: string;
        opens: string;
        closes: string;
        audience: string;
        reminders?: string;
        maxReminders?: string;
        personalLinks?: boolean;
      }) => {
        const ctx = context();
        const checked = validateSurvey(
          {
            [SurveyFields.title]: o.title,
            [SurveyFields.url]: o.url,
            [SurveyFields.opens]: o.opens,
            [SurveyFields.closes]: o.closes,
            [SurveyFields.audience]: o.audience,
            [SurveyFields.reminders]: o.reminders,
            [SurveyFields.maxReminders]: o.maxReminders,
            [SurveyFields.personalLinks]: o.personalLinks ? "yes" : "no",
          },
          ctx.config.BOT_TIMEZONE,
        );
        if (!checked.ok)
          throw new CliError(
            `Not created:\n${describeErrors(checked.errors, viewContext("en", "UTC", Date.now()).sp)}`,
          );
        const campaign = createCampaign(ctx.db, checked.value, actor, ctx.clock.now());
        audit(ctx.db, { actor, action: "survey.create", subject: `survey:${campaign.id}` }, ctx.clock.now());
        io.out(`Created survey ${campaign.id}: opens ${o.opens}, closes ${o.closes}.\n`);
      },
    );
  survey.command("list").action(() => {
    const ctx = context();
    const zone = ctx.config.BOT_TIMEZONE;
    const campaigns = listCampaigns(ctx.db);
    if (!campaigns.length) io.out("No surveys.\n");
    for (const c of campaigns) {
      io.out(
        `${c.id}\t${c.status}\t${formatLocalDateTime(c.opensAt, zone)}\t${formatLocalDateTime(c.closesAt, zone)}\t${c.title}\n`,
      );
    }
  });
  survey
    .command("status")
    .argument("<id>")
    .action((id: string) => {
      const ctx = context();
      const campaign = getCampaign(ctx.db, Number(id));
      if (!campaign) throw new CliError(`No survey ${id}.`);
      const t = viewContext("en", ctx.config.BOT_TIMEZONE, ctx.clock.now()).sp;
      const status = campaignStatus(ctx.db, campaign.id, ctx.clock.now());
      io.out(`${campaign.title} (${campaign.status})\n${t.statusLine(status.total)}\n`);
      for (const { region, counts } of status.byRegion) {
        io.out(`  ${region || t.unknownRegion}: ${counts.invited < 5 ? t.smallGroup : t.statusLine(counts)}\n`);
      }
    });
  survey
    .command("close")
    .argument("<id>")
    .action((id: string) => {
      const ctx = context();
      const campaign = getCampaign(ctx.db, Number(id));
      if (!campaign) throw new CliError(`No survey ${id}.`);
      if (!closeCampaign(ctx, campaign, ctx.clock.now(), actor)) throw new CliError(`Survey ${id} was closed already.`);
      io.out(`Closed survey ${id}; no more reminders go out.\n`);
    });
};
