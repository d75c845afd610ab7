import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import type { Poll, Round } from "./polls.js";

// The dashboard's poll figures: each poll with the round it shows (the open one, else the last) and that round's
// participant count in one query, and the counts per option of the rounds asked for in one more. Anonymous rounds
// are counted from their tallies only; named ones from the answers, grouped, so no row names anyone.

export interface PollRoundRow {
  id: number;
  question: string;
  /** JSON array of the option labels. */
  options: string;
  anonymous: number;
  show_running: number;
  status: Poll["status"];
  round_id: number | null;
  opens_at: number | null;
  closes_at: number | null;
  round_status: Round["status"] | null;
  participants: number;
}

export interface OptionCountRow {
  round_id: number;
  option: number;
  n: number;
}

export const pollRoundsSql = `SELECT p.id, p.question, p.options, p.anonymous, p.show_running, p.status,
    r.id AS round_id, r.opens_at, r.closes_at, r.status AS round_status,
    (SELECT count(*) FROM poll_participants pp WHERE pp.round_id = r.id) AS participants
  FROM polls p LEFT JOIN poll_rounds r ON r.id = (SELECT x.id FROM poll_rounds x WHERE x.poll_id = p.id
    ORDER BY x.status = 'open' DESC, x.opens_at DESC LIMIT 1)
  ORDER BY p.id DESC LIMIT ?`;

/** The newest polls with the round each shows. */
export function pollRounds(db: Db, limit: number): PollRoundRow[] {
  return statement<[number], PollRoundRow>(db, pollRoundsSql).all(limit);
}

export const optionCountsSql = `SELECT t.round_id, t.option, t.count AS n FROM poll_tallies t
    WHERE t.round_id IN (SELECT value FROM json_each(@ids))
  UNION ALL
  SELECT a.round_id, c.value AS option, count(*) AS n FROM poll_answers a, json_each(a.choices) c
    WHERE a.round_id IN (SELECT value FROM json_each(@ids)) GROUP BY a.round_id, c.value`;

/** Votes per option of the given rounds (options nobody chose are left out). */
export function optionCounts(db: Db, roundIds: readonly number[]): OptionCountRow[] {
  if (!roundIds.length) return [];
  return statement<[{ ids: string }], OptionCountRow>(db, optionCountsSql).all({ ids: JSON.stringify(roundIds) });
}
