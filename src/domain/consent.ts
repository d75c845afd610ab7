import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";

// Consent and quiet: who typed `stop` (members.opted_out_at, set by setOptedOut in members.ts), who was told how
// to, and how many a broadcast skipped for it.

/** The outbox kinds `stop` ends: broadcasts, polls and survey messages (not their own sign-ups or reminders). */
const unsolicitedKinds = ["broadcast", "poll.card", "poll.results", "survey.invite", "survey.reminder"];

/**
 * Whether a message to this member must say how to stop: none of their identities ever wrote, they were not
 * told before, and they have not stopped (then they know).
 */
export function needsStopHint(db: Db, memberId: number): boolean {
  const row = statement<[number], { needs: number }>(
    db,
    `SELECT m.told_how_to_stop = 0 AND m.opted_out_at IS NULL AND NOT EXISTS
       (SELECT 1 FROM identities i WHERE i.member_id = m.id AND i.last_seen_at IS NOT NULL) AS needs
     FROM members m WHERE m.id = ?`,
  ).get(memberId);
  return row?.needs === 1;
}

/** The message that says how to stop was queued: in the same transaction, so it is said once. */
export function markToldHowToStop(db: Db, memberId: number): void {
  statement(db, "UPDATE members SET told_how_to_stop = 1 WHERE id = ?").run(memberId);
}

/** On `stop`: what was queued for them and not yet sent of those kinds is not sent. Returns how many. */
export function cancelUnsolicited(db: Db, memberId: number): number {
  return statement(
    db,
    `UPDATE outbox SET status = 'failed', failure = 'cancelled: opted out'
       WHERE member_id = ? AND status = 'pending' AND kind IN (${unsolicitedKinds.map(() => "?").join(", ")})`,
  ).run(memberId, ...unsolicitedKinds).changes;
}

/** How many of the audience were skipped for having stopped, recorded when the broadcast is queued. */
export function recordBroadcastOptOuts(db: Db, broadcastId: number, count: number): void {
  statement(db, "UPDATE broadcasts SET opted_out = ? WHERE id = ?").run(count, broadcastId);
}
