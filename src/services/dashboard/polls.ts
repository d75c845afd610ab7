import { optionCounts, pollRounds } from "../../domain/dashboard-polls.js";
import { smallGroup } from "../../domain/polls.js";
import type { CoreContext } from "../context.js";
import type { PollResult, Polls } from "./model.js";

// Poll results for the dashboard. An anonymous poll's counts stay hidden while its round is open unless the
// organiser chose to show them running, and whenever fewer answered than the minimum group the chat uses. Hidden
// counts are not even read. Who answered is never part of it: only how many.

const maxPolls = 100;

type Hidden = PollResult["hidden"];

function hiddenWhy(anonymous: boolean, open: boolean, showRunning: boolean, participants: number): Hidden {
  if (!anonymous) return undefined;
  if (open && !showRunning) return "until_close";
  return participants < smallGroup ? "small_group" : undefined;
}

/** The newest polls, each with the round it shows (the open one, else the last closed): two queries. */
export function pollsFor(ctx: CoreContext): Polls {
  const rows = pollRounds(ctx.db, maxPolls).map((row) => {
    const open = row.round_status === "open";
    const hidden =
      row.round_id === null
        ? undefined
        : hiddenWhy(row.anonymous === 1, open, row.show_running === 1, row.participants);
    return { row, open, hidden };
  });
  const shown = rows.flatMap(({ row, hidden }) => (row.round_id !== null && !hidden ? [row.round_id] : []));
  const votes = new Map<string, number>();
  for (const { round_id, option, n } of optionCounts(ctx.db, shown)) votes.set(`${round_id}:${option}`, n);
  return {
    polls: rows.map(({ row, open, hidden }): PollResult => {
      const labels = JSON.parse(row.options) as string[];
      return {
        id: row.id,
        question: row.question,
        anonymous: row.anonymous === 1,
        status: row.status,
        ...(row.round_id !== null && row.opens_at !== null && row.closes_at !== null
          ? { round: { opensAt: row.opens_at, closesAt: row.closes_at, open } }
          : {}),
        participants: row.participants,
        options: labels.map((label, i) => ({
          label,
          votes: hidden ? undefined : (votes.get(`${row.round_id}:${i}`) ?? 0),
        })),
        ...(hidden ? { hidden } : {}),
      };
    }),
  };
}
