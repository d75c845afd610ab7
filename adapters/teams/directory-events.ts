import { type Activity, TeamsInfo, type TurnContext } from "botbuilder";
import type { DirectoryConfig } from "../../src/config/directory-config.js";
import { markLeft, upsertDirectoryEntry } from "../../src/domain/directory.js";
import { belongsElsewhere } from "../../src/domain/identities.js";
import type { CoreContext } from "../../src/services/context.js";
import { tenantOf } from "./activity.js";
import { rosterEntry } from "./directory-entry.js";
import type { TeamsDirectory } from "./directory-sync.js";
import { deliveryFromError } from "./errors.js";

// A team's conversationUpdate: the bot added (sync the roster), members added (into the directory) or removed
// (they leave every audience). Names, e-mail addresses and UPNs are never logged.

/** The team a conversationUpdate is about, when it comes from a team (not a personal or group chat). */
export function teamOf(activity: Partial<Activity>): string | undefined {
  const team = (activity.channelData as { team?: { id?: unknown } } | undefined)?.team?.id;
  return typeof team === "string" && team ? team : undefined;
}

export interface TeamEventDeps {
  ctx: CoreContext;
  config: DirectoryConfig;
  directory: TeamsDirectory;
}

/** After the team's reference is stored: what the update changes in the directory. */
export async function onTeamMembersChanged(context: TurnContext, team: string, deps: TeamEventDeps): Promise<void> {
  const { activity } = context;
  const { ctx } = deps;
  const bot = activity.recipient?.id;
  const tenant = tenantOf(activity);
  // A member known in another tenant is not this team's to add or remove (isolation: nothing of theirs changes).
  const ours = (m: { id: string }) => Boolean(m.id) && m.id !== bot && !belongsElsewhere(ctx.db, "teams", m.id, tenant);
  const added = (activity.membersAdded ?? []).filter(ours);
  const removed = (activity.membersRemoved ?? []).filter(ours);
  if (activity.membersAdded?.some((m) => m.id === bot)) deps.directory.syncTeam(team);
  if (tenant) {
    for (const member of added) {
      // The event names only the id: the roster entry says whether they are a guest and their address.
      try {
        const account = await TeamsInfo.getTeamMember(context, team, member.id);
        const entry = rosterEntry(account, tenant, deps.config);
        if (entry) upsertDirectoryEntry(ctx.db, entry, ctx.clock.now());
      } catch (error) {
        ctx.log.warn({ platform: "teams", outcome: deliveryFromError(error) }, "new team member not read");
      }
    }
  }
  // A member removed from this team may still be in another of the tenant's: the directory keeps no memberships
  // per team, so removed means left.
  for (const member of removed) markLeft(ctx.db, "teams", member.id, ctx.clock.now());
}
