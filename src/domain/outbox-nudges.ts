import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";

// The weekly nudge cap's rows in the outbox: what is planned for a member, and the ones over the cap.

interface CountRow {
  n: number;
}

/** The member's nudges planned in [from, to), the ones recorded as capped excluded. */
export function nudgesPlanned(db: Db, memberId: number, from: number, to: number): number {
  const row = statement<[number, number, number], CountRow>(
    db,
    `SELECT count(*) AS n FROM outbox WHERE member_id = ? AND nudge = 1 AND not_before >= ? AND not_before < ?
       AND coalesce(failure, '') NOT LIKE 'capped:%'`,
  ).get(memberId, from, to);
  return row?.n ?? 0;
}

/** Records a message as failed before any attempt (a nudge over the weekly cap). */
export function failUnsent(db: Db, id: number, failure: string): void {
  statement<[string, number]>(db, "UPDATE outbox SET status = 'failed', failure = ? WHERE id = ?").run(failure, id);
}
