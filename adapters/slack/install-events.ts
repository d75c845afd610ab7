import type { App } from "@slack/bolt";
import { z } from "zod";
import { audit } from "../../src/domain/audit.js";
import { findInstallation, removeInstallation } from "../../src/domain/installations.js";
import { pendingWorkspaces } from "../../src/domain/outbox.js";
import { findHold, holdsOf, holdWorkspace, releaseWorkspace } from "../../src/domain/workspace-holds.js";
import type { Logger } from "../../src/log.js";
import type { CoreContext } from "../../src/services/context.js";
import { inTransaction } from "../../src/storage/db.js";
import { claimEvent } from "../../src/storage/processed-events.js";
import type { DirectorySchedule } from "./directory-schedule.js";
import type { DmChannels } from "./dm-channels.js";
import { workspaceOf } from "./handlers.js";
import type { WorkspaceClients } from "./workspace-clients.js";

// The end of an installation: `app_uninstalled` (the app was removed from a workspace) and `tokens_revoked` (its
// bot token was revoked). The workspace's token is deleted, its waiting messages are held with the reason (pending,
// `paused: app_uninstalled`; no member marked, no attempt counted), and its clients are forgotten. A reinstall
// (the installation store releases the hold) sends them as they were. Other workspaces are not touched.

type EndReason = "app_uninstalled" | "tokens_revoked";

/** What request-shapes.ts lets through to these listeners (Bolt calls them without authorizing: no token left). */
export const installEventSchemas = {
  app_uninstalled: z.object({ type: z.literal("app_uninstalled") }),
  tokens_revoked: z.object({
    type: z.literal("tokens_revoked"),
    tokens: z.object({ oauth: z.array(z.string()).nullish(), bot: z.array(z.string()).nullish() }),
  }),
};

export interface InstallEventDeps {
  ctx: CoreContext;
  clients: WorkspaceClients;
  dms: DmChannels;
  /** The directory syncs, when they run: the workspace's sync under way stops. */
  directory?: DirectorySchedule | undefined;
  /**
   * OAuth mode: the installation store's removal (deletes the token and forgets it). Absent in the single-token mode
   * (SLACK_BOT_TOKEN), where the one token is every workspace's, so the event holds them all.
   */
  remove?: ((workspace: string) => boolean) | undefined;
  log: Logger;
}

export function registerInstallEvents(app: App, deps: InstallEventDeps): void {
  app.event("app_uninstalled", async ({ body, context }) => {
    endInstallation(deps, workspaceOf(context) ?? "", "app_uninstalled", body.event_id);
  });
  app.event("tokens_revoked", async ({ event, body, context }) => {
    const workspace = workspaceOf(context) ?? "";
    // A user's token revoked (no bot among them) leaves the bot's sends as they are.
    if (!revokesBot(deps.ctx, workspace, event.tokens.bot ?? [])) return;
    endInstallation(deps, workspace, "tokens_revoked", body.event_id);
  });
}

/** Whether the bot token of the workspace is among the revoked ones (its bot user, when the install names it). */
function revokesBot(ctx: CoreContext, workspace: string, bots: string[]): boolean {
  if (bots.length === 0) return false;
  const botUser = findInstallation(ctx.db, "slack", workspace)?.botUserId;
  return !botUser || bots.includes(botUser);
}

/** Deletes the token, holds the rows, forgets the clients; a repeated event (Slack's retry) does nothing again. */
function endInstallation(deps: InstallEventDeps, workspace: string, reason: EndReason, eventId: string): void {
  const { ctx, log } = deps;
  const now = ctx.clock.now();
  // With one token every workspace id the rows carry is that one workspace ('' for those never seen in a request).
  const single = deps.remove === undefined;
  const held = single
    ? [...new Set([workspace, "", ...pendingWorkspaces(ctx.db, "slack").map((w) => w.workspace)])]
    : [workspace];
  const waiting = inTransaction(ctx.db, () => {
    if (!claimEvent(ctx.db, `slack:${eventId}`, now)) return undefined;
    if (deps.remove) deps.remove(workspace);
    else removeInstallation(ctx.db, "slack", workspace, now);
    // Slack sends both events on an uninstall, in either order: the uninstall is the reason shown.
    const hold = (w: string) =>
      reason === "tokens_revoked" && findHold(ctx.db, "slack", w) ? 0 : holdWorkspace(ctx.db, "slack", w, reason, now);
    const rows = held.reduce((n, w) => n + hold(w), 0);
    audit(
      ctx.db,
      { actor: "slack", action: `slack.${reason}`, subject: `workspace:${workspace}`, detail: `${rows} messages held` },
      now,
    );
    return rows;
  });
  if (waiting === undefined) return;
  for (const w of held) {
    deps.clients.forget(w);
    deps.dms.forget(w);
    deps.directory?.forget(w);
  }
  // The workspace id and counts only: never a token.
  log.warn({ workspace, reason, waiting }, "slack installation ended: its messages wait for a reinstall");
}

/**
 * The single-token mode at start: the operator set SLACK_BOT_TOKEN again after the app was removed, so what the
 * events held goes out (with OAuth the installation store releases a workspace when it is installed again).
 */
export function resumeSingleWorkspace(ctx: CoreContext, log: Logger): void {
  const holds = holdsOf(ctx.db, "slack");
  for (const hold of holds) releaseWorkspace(ctx.db, "slack", hold.workspace);
  if (holds.length) log.warn({ released: holds.length }, "slack: held messages resume with the configured token");
}
