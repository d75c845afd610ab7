import { personTotals, type WorkspaceStatus, workspaceStatuses } from "../../../src/domain/directory-status.js";
import type { CoreContext } from "../../../src/services/context.js";
import type { CliIo, RegisterCommands } from "../io.js";

/** A moment as the CLI prints it: to the minute, in UTC (the year matters for a sync long ago). */
export function at(epochMs: number | null): string {
  return epochMs === null ? "never" : `${new Date(epochMs).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export const iso = (epochMs: number | null) => (epochMs === null ? null : new Date(epochMs).toISOString());

/**
 * The Slack directory sync as the CLI's entry wires it (adapters/cli/main.ts, which may reach the Slack adapter):
 * "not configured" without a Slack token.
 */
export type SlackDirectorySync = (
  ctx: CoreContext,
) => Promise<{ outcome: "synced"; counts: Record<string, unknown> } | { outcome: "not configured" }>;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function printWorkspace(io: CliIo, status: WorkspaceStatus): void {
  const name = status.workspace || "(workspace not known yet)";
  io.out(
    `${status.platform} ${name}: ${plural(status.identities, "identity", "identities")}, ` +
      `${status.inDirectory} in the directory; present ${status.present}, left ${status.left}\n`,
  );
  io.out(
    `  of the present: ${plural(status.guests, "guest", "guests")}, ${status.wrote} wrote, ` +
      `${status.neverWrote} never wrote, ${status.linked} linked to another platform, ${status.optedOut} opted out\n`,
  );
  const { startedAt, finishedAt, underWay } = status.sync;
  if (startedAt === null) io.out("  last sync: none\n");
  else if (underWay) io.out(`  sync under way since ${at(startedAt)} (last finished: ${at(finishedAt)})\n`);
  else io.out(`  last sync: started ${at(startedAt)}, finished ${at(finishedAt)}\n`);
}

/** The member directory: how far it reaches, and a sync on demand. */
export function registerDirectoryCommands(slackSync: SlackDirectorySync): RegisterCommands {
  return (program, { io, context }) => {
    const directory = program.command("directory").description("the member directory synced from Slack and Teams");
    directory
      .command("status")
      .description("per platform and workspace: who is in the directory, left, wrote, linked, opted out; the syncs")
      .option("--json", "print JSON")
      .action((options: { json?: boolean }) => {
        const ctx = context();
        const workspaces = workspaceStatuses(ctx.db);
        const persons = personTotals(ctx.db);
        if (options.json) {
          const rows = workspaces.map(({ sync, ...counts }) => ({
            ...counts,
            sync: { started_at: iso(sync.startedAt), finished_at: iso(sync.finishedAt), under_way: sync.underWay },
          }));
          io.out(`${JSON.stringify({ workspaces: rows, persons }, null, 2)}\n`);
          return;
        }
        if (!workspaces.length) io.out("No identities yet: no one wrote and no directory was synced.\n");
        for (const status of workspaces) printWorkspace(io, status);
        io.out(
          `Persons: ${persons.persons} present, ${persons.linked} on two platforms, ${persons.optedOut} opted out.\n`,
        );
      });
    directory
      .command("sync")
      .description("sync the Slack directory now (Teams syncs by itself when the bot is added to a team)")
      .action(async () => {
        const ctx = context();
        const result = await slackSync(ctx);
        if (result.outcome === "not configured") io.out("Slack: not configured (SLACK_BOT_TOKEN), nothing to sync.\n");
        else {
          const counts = Object.entries(result.counts).map(([name, value]) => `${name}: ${String(value)}`);
          io.out(`Slack: directory synced${counts.length ? ` (${counts.join(", ")})` : ""}.\n`);
        }
        io.out(
          "Teams: a team's roster is synced when the bot is added to the team, and kept current as members are " +
            "added or removed (membersAdded / membersRemoved); there is nothing to run.\n",
        );
      });
  };
}
