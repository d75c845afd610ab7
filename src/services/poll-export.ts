import { stringify } from "csv-stringify/sync";
import { type Poll, roundResults, roundsOf } from "../domain/polls.js";
import type { Db } from "../storage/db.js";
import { formatLocalDateTime } from "../time/local-time.js";

/** Results as CSV: one line per round and option, counts only (never who chose what). */
export function pollResultsCsv(db: Db, poll: Poll, zone: string): string {
  const rows = roundsOf(db, poll.id).flatMap((round) => {
    const results = roundResults(db, poll, round.id);
    return poll.options.map((option, i) => {
      const count = results.counts[i] ?? 0;
      const percent = results.participants ? Math.round((count / results.participants) * 1000) / 10 : 0;
      return [
        poll.id,
        formatLocalDateTime(round.opensAt, zone),
        formatLocalDateTime(round.closesAt, zone),
        round.status,
        poll.question,
        option,
        count,
        percent,
        results.participants,
      ];
    });
  });
  return stringify(rows, {
    header: true,
    columns: ["poll_id", "opens", "closes", "status", "question", "option", "count", "percent", "participants"],
  });
}
