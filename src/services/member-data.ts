import { audit } from "../domain/audit.js";
import { departedMemberIds, personAsMember } from "../domain/privacy-persons.js";
import { personalDataSections } from "../domain/privacy-sections.js";
import { activeSessionIds, cancelSignup } from "../domain/signups.js";
import { inTransaction } from "../storage/db.js";
import { pruneEvents } from "../storage/processed-events.js";
import type { Member } from "../types.js";
import type { CoreContext } from "./context.js";
import { noticePromoted } from "./notices.js";

export type MemberExport = Record<string, unknown[]>;

/** Everything stored about one member, by section. */
export function exportMemberData(ctx: CoreContext, member: Member): MemberExport {
  return Object.fromEntries(personalDataSections.map((section) => [section.name, section.export(ctx.db, member)]));
}

/**
 * Erases a member: their places are given back first (the waitlist is promoted and told, as with any cancel),
 * then every section removes what names them. One transaction: all or nothing.
 */
export function eraseMember(ctx: CoreContext, member: Member): Record<string, number> {
  return erase(ctx, member, "member.erase");
}

function erase(ctx: CoreContext, member: Member, action: string): Record<string, number> {
  const now = ctx.clock.now();
  return inTransaction(ctx.db, () => {
    for (const sessionId of activeSessionIds(ctx.db, member.id)) {
      const outcome = cancelSignup(ctx.db, sessionId, member.id, now);
      if (outcome.kind === "cancelled") for (const id of outcome.promoted) noticePromoted(ctx, id, outcome.session);
    }
    const erased = Object.fromEntries(
      personalDataSections.map((section) => [section.name, section.erase(ctx.db, member)]),
    );
    // That an erasure happened stays on record; who it was does not.
    audit(ctx.db, { actor: "erased", action }, now);
    return erased;
  });
}

/**
 * Removes personal data older than the retention period; aggregates stay. A person whose accounts all left the
 * workspaces before it, with no sign-up left, is erased as a whole (as on request); an account that left before
 * it, of a person still present on another, goes alone (the identities section).
 */
export function applyRetention(ctx: CoreContext): { cutoff: number; removed: Record<string, number> } {
  const cutoff = new Date(ctx.clock.now());
  cutoff.setUTCMonth(cutoff.getUTCMonth() - ctx.config.RETENTION_MONTHS);
  const at = cutoff.getTime();
  const removed = inTransaction(ctx.db, () =>
    Object.fromEntries(personalDataSections.map((section) => [section.name, section.expire?.(ctx.db, at) ?? 0])),
  );
  let departed = 0;
  for (const id of departedMemberIds(ctx.db, at)) {
    const member = personAsMember(ctx.db, id);
    if (!member) continue;
    erase(ctx, member, "retention.erase");
    departed++;
  }
  removed["members who left"] = departed;
  pruneEvents(ctx.db, ctx.clock.now() - 7 * 86_400_000);
  return { cutoff: at, removed };
}
