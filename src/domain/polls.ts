import { type Db, inTransaction } from "../storage/db.js";
import { type Actor, memberIdOfActor } from "../types.js";
import { audienceFromKey, audienceKey, inAudience, memberRegionSql } from "./audience.js";
import type { PollDraft, PollKind } from "./poll-input.js";

// Polls, their rounds and answers. Anonymous rounds keep only "who answered" (poll_participants) apart from
// "how many chose what" (poll_tallies): no row ties a member to a choice, not even by order or time.

export interface Poll extends PollDraft {
  id: number;
  status: "active" | "ended";
  /** The member who asked it; null when the CLI did, or they were erased. */
  createdBy: number | null;
}

export interface Round {
  id: number;
  pollId: number;
  opensAt: number;
  closesAt: number;
  status: "open" | "closed";
}

interface PollRow {
  id: number;
  question: string;
  kind: PollKind;
  options: string;
  anonymous: number;
  audience: string;
  starts_at: number;
  schedule_cron: string | null;
  open_ms: number;
  until: number | null;
  show_running: number;
  share_results: number;
  status: Poll["status"];
  created_by: number | null;
}

const toPoll = (row: PollRow): Poll => ({
  id: row.id,
  question: row.question,
  kind: row.kind,
  options: JSON.parse(row.options) as string[],
  anonymous: row.anonymous === 1,
  audience: audienceFromKey(row.audience),
  startsAt: row.starts_at,
  scheduleCron: row.schedule_cron,
  openMs: row.open_ms,
  until: row.until,
  showRunning: row.show_running === 1,
  shareResults: row.share_results === 1,
  status: row.status,
  createdBy: row.created_by,
});

interface RoundRow {
  id: number;
  poll_id: number;
  opens_at: number;
  closes_at: number;
  status: Round["status"];
}

const toRound = (row: RoundRow): Round => ({
  id: row.id,
  pollId: row.poll_id,
  opensAt: row.opens_at,
  closesAt: row.closes_at,
  status: row.status,
});

export function createPoll(db: Db, draft: PollDraft, createdBy: Actor, now: number): Poll {
  const id = db
    .prepare(
      `INSERT INTO polls (question, kind, options, anonymous, audience, starts_at, schedule_cron, open_ms, until,
         show_running, share_results, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      draft.question,
      draft.kind,
      JSON.stringify(draft.options),
      draft.anonymous ? 1 : 0,
      audienceKey(draft.audience),
      draft.startsAt,
      draft.scheduleCron,
      draft.openMs,
      draft.until,
      draft.showRunning ? 1 : 0,
      draft.shareResults ? 1 : 0,
      memberIdOfActor(createdBy),
      now,
    ).lastInsertRowid;
  const poll = getPoll(db, Number(id));
  if (!poll) throw new Error("poll vanished after insert");
  return poll;
}

export function getPoll(db: Db, id: number): Poll | undefined {
  const row = db.prepare<[number], PollRow>("SELECT * FROM polls WHERE id = ?").get(id);
  return row && toPoll(row);
}

export function listPolls(db: Db, onlyActive = false): Poll[] {
  const where = onlyActive ? "WHERE status = 'active'" : "";
  return db.prepare<[], PollRow>(`SELECT * FROM polls ${where} ORDER BY id DESC`).all().map(toPoll);
}

export function endPoll(db: Db, id: number): void {
  db.prepare("UPDATE polls SET status = 'ended' WHERE id = ?").run(id);
}

/** Opens a round (once per poll and moment); undefined when that moment already has one. */
export function openRound(db: Db, poll: Poll, opensAt: number): Round | undefined {
  const result = db
    .prepare("INSERT INTO poll_rounds (poll_id, opens_at, closes_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
    .run(poll.id, opensAt, opensAt + poll.openMs);
  return result.changes > 0 ? getRound(db, Number(result.lastInsertRowid)) : undefined;
}

export function getRound(db: Db, id: number): Round | undefined {
  const row = db.prepare<[number], RoundRow>("SELECT * FROM poll_rounds WHERE id = ?").get(id);
  return row && toRound(row);
}

export function roundsOf(db: Db, pollId: number): Round[] {
  return db
    .prepare<[number], RoundRow>("SELECT * FROM poll_rounds WHERE poll_id = ? ORDER BY opens_at")
    .all(pollId)
    .map(toRound);
}

export function lastRound(db: Db, pollId: number): Round | undefined {
  return roundsOf(db, pollId).at(-1);
}

export function roundsToClose(db: Db, now: number): Round[] {
  return db
    .prepare<[number], RoundRow>("SELECT * FROM poll_rounds WHERE status = 'open' AND closes_at <= ? ORDER BY id")
    .all(now)
    .map(toRound);
}

/** Marks a round closed; false when it was closed already (so results go out once). */
export function closeRound(db: Db, roundId: number, now: number): boolean {
  return (
    db
      .prepare(
        "UPDATE poll_rounds SET status = 'closed', closes_at = min(closes_at, ?) WHERE id = ? AND status = 'open'",
      )
      .run(now, roundId).changes > 0
  );
}

export type AnswerOutcome =
  | { kind: "answered" | "changed"; choices: number[] }
  | { kind: "already" | "closed" | "invalid" | "not_in_audience" | "unknown" };

/** Checks the choice against the poll: one option (or several distinct ones for a multiple-choice poll). */
function validChoices(poll: Poll, choices: number[]): boolean {
  if (choices.length === 0 || new Set(choices).size !== choices.length) return false;
  if (poll.kind !== "multiple" && choices.length !== 1) return false;
  return choices.every((c) => Number.isInteger(c) && c >= 0 && c < poll.options.length);
}

/** Records an answer: once per member and round (the primary key decides, also under concurrent clicks). */
export function answer(db: Db, roundId: number, memberId: number, choices: number[], now: number): AnswerOutcome {
  return inTransaction(db, (): AnswerOutcome => {
    const round = getRound(db, roundId);
    const poll = round && getPoll(db, round.pollId);
    if (!round || !poll) return { kind: "unknown" };
    if (round.status === "closed" || now >= round.closesAt || now < round.opensAt) return { kind: "closed" };
    if (!validChoices(poll, choices)) return { kind: "invalid" };
    if (!inAudience(db, poll.audience, memberId)) return { kind: "not_in_audience" };
    const first =
      db
        .prepare("INSERT INTO poll_participants (round_id, member_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
        .run(roundId, memberId).changes > 0;
    const sorted = [...choices].sort((a, b) => a - b);
    if (poll.anonymous) {
      if (!first) return { kind: "already" };
      const tally = db.prepare(
        `INSERT INTO poll_tallies (round_id, option, count) VALUES (?, ?, 1)
         ON CONFLICT (round_id, option) DO UPDATE SET count = count + 1`,
      );
      for (const choice of sorted) tally.run(roundId, choice);
      return { kind: "answered", choices: sorted };
    }
    db.prepare(
      `INSERT INTO poll_answers (round_id, member_id, choices, answered_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (round_id, member_id) DO UPDATE SET choices = excluded.choices, answered_at = excluded.answered_at`,
    ).run(roundId, memberId, JSON.stringify(sorted), now);
    return { kind: first ? "answered" : "changed", choices: sorted };
  });
}

interface ChoicesRow {
  choices: string;
}

/** A named poll's current answer of a member. */
export function namedAnswer(db: Db, roundId: number, memberId: number): number[] | undefined {
  const row = db
    .prepare<[number, number], ChoicesRow>("SELECT choices FROM poll_answers WHERE round_id = ? AND member_id = ?")
    .get(roundId, memberId);
  return row && (JSON.parse(row.choices) as number[]);
}

export interface Tally {
  participants: number;
  counts: number[];
}

interface Breakdown {
  group: string;
  tally: Tally;
}

export interface RoundResults extends Tally {
  /** Named polls only; groups under 5 participants come with `hidden` and no counts. */
  byRole: (Breakdown | { group: string; hidden: true })[];
  byRegion: (Breakdown | { group: string; hidden: true })[];
}

/** Fewer answers than this are not shown apart: a group so small could be told apart. */
export const smallGroup = 5;

interface CountRow {
  n: number;
}

interface TallyRow {
  option: number;
  count: number;
}

interface NamedAnswerRow extends ChoicesRow {
  role: string;
  region: string;
}

export function roundResults(db: Db, poll: Poll, roundId: number): RoundResults {
  const participants =
    db.prepare<[number], CountRow>("SELECT count(*) AS n FROM poll_participants WHERE round_id = ?").get(roundId)?.n ??
    0;
  const counts = poll.options.map(() => 0);
  if (poll.anonymous) {
    const rows = db
      .prepare<[number], TallyRow>("SELECT option, count FROM poll_tallies WHERE round_id = ?")
      .all(roundId);
    for (const row of rows) counts[row.option] = row.count;
    return { participants, counts, byRole: [], byRegion: [] };
  }
  const rows = db
    .prepare<[number], NamedAnswerRow>(
      `SELECT a.choices, coalesce(m.role, '') AS role, ${memberRegionSql} AS region
       FROM poll_answers a JOIN members m ON m.id = a.member_id WHERE a.round_id = ?`,
    )
    .all(roundId);
  const groups = { role: new Map<string, Tally>(), region: new Map<string, Tally>() };
  for (const row of rows) {
    const choices = JSON.parse(row.choices) as number[];
    for (const [dimension, key] of [
      ["role", row.role],
      ["region", row.region],
    ] as const) {
      const tally = groups[dimension].get(key) ?? { participants: 0, counts: poll.options.map(() => 0) };
      groups[dimension].set(key, tally);
      tally.participants++;
      for (const c of choices) tally.counts[c] = (tally.counts[c] ?? 0) + 1;
    }
    for (const c of choices) counts[c] = (counts[c] ?? 0) + 1;
  }
  const breakdown = (map: Map<string, Tally>) =>
    [...map.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([group, tally]) => (tally.participants < smallGroup ? { group, hidden: true as const } : { group, tally }));
  return { participants, counts, byRole: breakdown(groups.role), byRegion: breakdown(groups.region) };
}
