import type { App } from "@slack/bolt";
import { z } from "zod";
import type { CoreContext } from "../../src/services/context.js";
import { inTransaction } from "../../src/storage/db.js";
import {
  applySlackUser,
  type DirectorySettings,
  fromElsewhere,
  slackUserSchema,
  workspaceOf,
} from "./directory-user.js";

// Keeps the directory current between syncs: team_join adds the account, user_change updates it (deleted: it
// left; made a bot or guest: as the sync would treat it). Both carry the whole user object. People of other
// organisations in shared channels are no members here.

const directoryEventTypes = ["team_join", "user_change"] as const;

/** What request-shapes.ts lets through to these listeners. */
export const directoryEventSchema = z.object({
  type: z.enum(directoryEventTypes),
  user: slackUserSchema,
});

export function registerDirectoryEvents(app: App, ctx: CoreContext, settings: DirectorySettings): void {
  for (const type of directoryEventTypes) {
    app.event(type, async ({ event, body }) => {
      const user = slackUserSchema.safeParse(event.user);
      if (!user.success) return;
      const authorization = body.authorizations?.[0];
      const install = {
        teamId: body.team_id || user.data.team_id,
        enterpriseId: body.enterprise_id ?? authorization?.enterprise_id ?? undefined,
        orgWide: authorization?.is_enterprise_install === true,
      };
      if (fromElsewhere(user.data, install)) return;
      const workspace = workspaceOf(install);
      inTransaction(ctx.db, () => applySlackUser(ctx.db, user.data, workspace, settings, ctx.clock.now()));
    });
  }
}
