import type { Platform } from "../../contract.js";
import { findInstallation } from "../../domain/installations.js";
import { getMemberById, reachedElsewhere } from "../../domain/members.js";
import { organiserIds } from "../../domain/organisers.js";
import { enqueue, oldestWaitingId } from "../../domain/outbox.js";
import { deliveryPauseTexts } from "../../i18n/delivery-pause-texts.js";
import type { CoreContext } from "../context.js";
import { memberAddress, memberLocale } from "../member-reach.js";

// Organisers are told once when a workspace refuses the app: through another workspace or platform, since the
// refused one cannot carry it (and would deliver it only after the fault is gone). Without an organiser elsewhere
// the dispatcher's log line and its stats are what remains; the waiting rows stay "waiting" in every report.

export interface PauseFacts {
  platform: Platform;
  /** The workspace or tenant that refuses ('' in a single-workspace setup). */
  workspace: string;
  /** The platform's error code or status (`token_revoked`, `HTTP 401`): never a token or a payload. */
  reason: string;
  waiting: number;
}

/**
 * The pause's identity: the oldest row still waiting on the platform. A restart with the token still revoked finds
 * the same row and so enqueues nothing again; after a recovery those rows are gone and the next pause is new.
 */
function pauseKey(ctx: CoreContext, platform: Platform, workspace: string): number {
  return oldestWaitingId(ctx.db, platform, workspace) ?? 0;
}

/** Enqueues one notice per organiser on another platform; returns how many were enqueued. */
export function noticeDeliveryPaused(ctx: CoreContext, facts: PauseFacts): number {
  const now = ctx.clock.now();
  const { platform, workspace } = facts;
  const key = pauseKey(ctx, platform, workspace);
  const shownPlatform = platform.charAt(0).toUpperCase() + platform.slice(1);
  const workspaceName = workspace ? (findInstallation(ctx.db, platform, workspace)?.name ?? workspace) : undefined;
  let enqueued = 0;
  for (const id of organiserIds(ctx.db, ctx.config.ORGANISERS, now)) {
    // Told where the bot still gets through: an identity of theirs in another workspace or on another platform.
    const member = getMemberById(ctx.db, id);
    const elsewhere = member && reachedElsewhere(ctx.db, member, platform, workspace);
    if (!elsewhere) continue;
    const texts = deliveryPauseTexts(memberLocale(elsewhere, ctx.config));
    const shown = texts.where(shownPlatform, workspaceName);
    const added = enqueue(
      ctx.db,
      {
        dedupeKey: `delivery.paused:${platform}:${workspace}:${key}:${elsewhere.id}`,
        kind: "delivery.paused",
        to: memberAddress(elsewhere),
        memberId: elsewhere.id,
        reply: { title: texts.pausedTitle, text: texts.paused(shown, facts.reason, facts.waiting) },
        notBefore: now,
      },
      now,
    );
    if (added) enqueued++;
  }
  return enqueued;
}
