import { linkLeader } from "../domain/leaders.js";
import { parseMemberKey } from "../domain/member-key.js";
import type { ImportProblem } from "../domain/session-import.js";
import { getSession, upsertSession } from "../domain/sessions.js";
import { activeMemberIds, promoteWaitlist } from "../domain/signups.js";
import { inTransaction } from "../storage/db.js";
import type { SessionInput } from "../types.js";
import type { CoreContext } from "./context.js";
import { noticePromoted, noticeSessionCancelled } from "./notices.js";

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  promoted: number;
  cancelled: number;
}

export type ImportOutcome = { ok: true; summary: ImportSummary } | { ok: false; problems: ImportProblem[] };

/** A capacity below the confirmed count of a known session, which refuses the whole import. */
export function capacityProblem(ctx: CoreContext, input: SessionInput, line: number): ImportProblem | undefined {
  const existing = getSession(ctx.db, input.id);
  if (!existing || input.capacity >= existing.confirmed) return undefined;
  return {
    line,
    field: "capacity",
    reason: `${input.capacity} is below the ${existing.confirmed} confirmed sign-ups of ${input.id}; keep at least ${existing.confirmed} or cancel places first`,
  };
}

export const emptySummary = (): ImportSummary => ({ created: 0, updated: 0, unchanged: 0, promoted: 0, cancelled: 0 });

/**
 * Writes one checked session (the caller holds the transaction): new ones are added, known ids updated with their
 * sign-ups kept. A raised capacity promotes from the waitlist; a cancelled session tells its members.
 */
export function applySession(
  ctx: CoreContext,
  input: SessionInput,
  summary: ImportSummary,
  options: { isExample?: boolean },
  now: number,
): void {
  const before = upsertSession(ctx.db, { ...input, isExample: options.isExample ?? false }, now);
  const after = getSession(ctx.db, input.id);
  if (!after) throw new Error(`session ${input.id} vanished during import`);
  const leader = input.leaderKey && parseMemberKey(input.leaderKey);
  if (leader) linkLeader(ctx.db, input.id, leader, now);
  if (!before) summary.created++;
  else if (after.revision === before.revision) summary.unchanged++;
  else summary.updated++;
  if (before && before.status === "open" && after.status === "cancelled") {
    for (const memberId of activeMemberIds(ctx.db, after.id)) noticeSessionCancelled(ctx, memberId, after);
    summary.cancelled++;
  }
  if (after.status === "open") {
    const promoted = promoteWaitlist(ctx.db, after.id, now);
    const current = promoted.length ? (getSession(ctx.db, after.id) ?? after) : after;
    for (const memberId of promoted) noticePromoted(ctx, memberId, current);
    summary.promoted += promoted.length;
  }
}

/** Applies validated sessions in one transaction; a capacity below the confirmed count refuses the whole import. */
export function importSessions(
  ctx: CoreContext,
  sessions: SessionInput[],
  lines: number[],
  options: { isExample?: boolean } = {},
): ImportOutcome {
  const now = ctx.clock.now();
  const problems = sessions.flatMap((input, index) => capacityProblem(ctx, input, lines[index] ?? index + 1) ?? []);
  if (problems.length) return { ok: false, problems };
  const summary = emptySummary();
  inTransaction(ctx.db, () => {
    for (const input of sessions) applySession(ctx, input, summary, options, now);
  });
  return { ok: true, summary };
}
