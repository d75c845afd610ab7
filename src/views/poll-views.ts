import type { Action, Block, Reply } from "../contract.js";
import type { Poll, Round, RoundResults, Tally } from "../domain/polls.js";
import { type Role, roles } from "../types.js";
import type { ViewContext } from "./view-context.js";

const isRole = (group: string): group is Role => (roles as readonly string[]).includes(group);

export const PollActions = {
  vote: "poll.vote",
  toggle: "poll.toggle",
  list: "poll.list",
  create: "poll.create",
  createSubmit: "poll.create.submit",
  results: "poll.results",
  close: "poll.close",
} as const;

/** Button values: `<roundId>:<option>[,<option>…]`. */
function voteValue(roundId: number, choices: number[]): string {
  return `${roundId}:${choices.join(",")}`;
}

export function parseVoteValue(value: string | undefined): { roundId: number; choices: number[] } | undefined {
  const match = /^(\d+):(\d+(?:,\d+)*)?$/.exec(value ?? "");
  if (!match) return undefined;
  return { roundId: Number(match[1]), choices: match[2] ? match[2].split(",").map(Number) : [] };
}

/**
 * The poll card: the question, whether it is anonymous (said before the click), and one button per option.
 * Multiple choice toggles a selection carried in the button values (nothing stored) and then sends it.
 */
export function pollCard(
  poll: Poll,
  round: Round,
  view: ViewContext,
  selection: number[] = [],
  current?: number[],
): Reply {
  const t = view.sp;
  const notes = [poll.anonymous ? t.pollAnonymousNote : t.pollNamedNote];
  if (poll.kind === "multiple") notes.push(t.pollMultipleNote);
  notes.push(t.pollCloses(view.dateTime(round.closesAt)));
  if (current) notes.push(t.pollYourChoice(current.map((c) => poll.options[c]).join(", ")));
  let actions: Action[];
  if (poll.kind === "multiple") {
    actions = poll.options.map((option, i) => {
      const chosen = selection.includes(i);
      const next = chosen ? selection.filter((c) => c !== i) : [...selection, i].sort((a, b) => a - b);
      return { id: PollActions.toggle, label: `${chosen ? "☑" : "☐"} ${option}`, value: voteValue(round.id, next) };
    });
    if (selection.length > 0) {
      actions.push({
        id: PollActions.vote,
        label: t.pollSend,
        value: voteValue(round.id, selection),
        style: "primary",
      });
    }
  } else {
    actions = poll.options.map((option, i) => ({
      id: PollActions.vote,
      label: option,
      value: voteValue(round.id, [i]),
    }));
  }
  const optionList = poll.kind === "scale" ? [] : poll.options.map((o, i) => `${i + 1}. ${o}`);
  return {
    title: poll.question,
    text: `${poll.question} ${notes[0]}`,
    // The question is the title, the card's heading on every surface.
    blocks: [
      ...(optionList.length ? [{ kind: "text" as const, text: optionList.join("\n") }] : []),
      { kind: "text", text: notes.join("\n") },
      { kind: "actions", actions },
    ],
    ...(selection.length || current ? { replaceSource: true } : {}),
  };
}

const barWidth = 20;

/** "██████░░░░ 30% (3)": the share of participants who chose the option. */
function bar(count: number, participants: number): string {
  const share = participants ? count / participants : 0;
  const filled = Math.round(share * barWidth);
  return `${"█".repeat(filled)}${"░".repeat(barWidth - filled)} ${Math.round(share * 100)}% (${count})`;
}

function tallyLines(poll: Poll, tally: Tally): string {
  return poll.options.map((option, i) => `${option}\n${bar(tally.counts[i] ?? 0, tally.participants)}`).join("\n");
}

export function resultsBlocks(poll: Poll, results: RoundResults, view: ViewContext, breakdowns: boolean): Block[] {
  const t = view.sp;
  const blocks: Block[] = [
    { kind: "text", text: `${t.pollAnswers(results.participants)}\n${tallyLines(poll, results)}` },
  ];
  if (!breakdowns) return blocks;
  if (poll.anonymous) {
    blocks.push({ kind: "text", text: t.pollNoBreakdownAnonymous });
    return blocks;
  }
  for (const [label, groups] of [
    [t.byRole, results.byRole],
    [t.byRegion, results.byRegion],
  ] as const) {
    const lines = groups.map((g) => {
      const name = (isRole(g.group) ? view.t.roleName[g.group] : g.group) || t.unknownRegion;
      if ("hidden" in g) return `• ${name}: ${t.smallGroup}`;
      const parts = poll.options.map((o, i) => `${o} ${g.tally.counts[i] ?? 0}`);
      return `• ${name} (${g.tally.participants}): ${parts.join(" · ")}`;
    });
    blocks.push({ kind: "text", text: `**${label}**\n${lines.join("\n")}` });
  }
  return blocks;
}

/** Results at close: for organisers with breakdowns, for the audience without. */
export function resultsReply(
  poll: Poll,
  round: Round,
  results: RoundResults,
  view: ViewContext,
  forOrganisers: boolean,
): Reply {
  const title = view.sp.pollResultsTitle(poll.question);
  const summary = poll.options.map((o, i) => `${o}: ${results.counts[i] ?? 0}`).join(", ");
  return {
    title,
    text: `${title} (${view.dateTime(round.opensAt)}): ${summary}`,
    blocks: resultsBlocks(poll, results, view, forOrganisers),
  };
}
