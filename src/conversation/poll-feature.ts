import type { Action, Block, Reply } from "../contract.js";
import { audit } from "../domain/audit.js";
import type { FieldErrors } from "../domain/form-input.js";
import { PollFields, pollKinds, validatePoll } from "../domain/poll-input.js";
import {
  answer,
  createPoll,
  getPoll,
  getRound,
  lastRound,
  listPolls,
  namedAnswer,
  roundResults,
} from "../domain/polls.js";
import { dueOpening, endPollNow, startRound } from "../services/poll-service.js";
import { normalize } from "../text/normalize.js";
import { formatLocalDateTime } from "../time/local-time.js";
import { audienceOptions, yesNoOptions } from "../views/audience-options.js";
import { PollActions, parseVoteValue, pollCard, resultsBlocks, resultsReply } from "../views/poll-views.js";
import { notice } from "../views/views.js";
import { type Feature, forMembers, forOrganisers, organiserText, type Turn } from "./turn.js";

// Quick polls in chat: members answer with a click; organisers create, follow and close polls.

function vote(turn: Turn, value: string | undefined): Reply[] {
  const view = turn.view;
  const t = view.sp;
  const parsed = parseVoteValue(value);
  const round = parsed && getRound(turn.ctx.db, parsed.roundId);
  const poll = round && getPoll(turn.ctx.db, round.pollId);
  if (!parsed || !round || !poll) return [notice(t.pollUnknown)];
  const outcome = answer(turn.ctx.db, round.id, turn.member.id, parsed.choices, turn.now);
  switch (outcome.kind) {
    case "unknown":
    case "invalid":
      return [notice(t.pollUnknown)];
    case "closed":
      return [notice(t.pollClosed, { replaceSource: true })];
    case "not_in_audience":
      return [notice(t.pollNotInAudience)];
    case "already":
      return [notice(t.pollAlreadyAnswered, { replaceSource: true })];
    default: {
      const thanks = outcome.kind === "changed" ? t.pollChanged : t.pollThanks;
      const chosen = t.pollYourChoice(outcome.choices.map((c) => poll.options[c]).join(", "));
      const blocks: Block[] = [{ kind: "text", text: `${thanks} ${chosen}` }];
      if (poll.showRunning) {
        blocks.push({ kind: "text", text: `**${t.pollRunning}**` });
        blocks.push(...resultsBlocks(poll, roundResults(turn.ctx.db, poll, round.id), view, false));
      }
      // A named answer can change until close: offer the card again.
      if (!poll.anonymous) blocks.push(...(pollCard(poll, round, view, [], outcome.choices).blocks ?? []));
      return [{ title: poll.question, text: `${thanks} ${chosen}`, blocks, replaceSource: true }];
    }
  }
}

function toggle(turn: Turn, value: string | undefined): Reply[] {
  const view = turn.view;
  const parsed = parseVoteValue(value);
  const round = parsed && getRound(turn.ctx.db, parsed.roundId);
  const poll = round && getPoll(turn.ctx.db, round.pollId);
  if (!parsed || !round || !poll || poll.kind !== "multiple") return [notice(view.sp.pollUnknown)];
  if (round.status === "closed") return [notice(view.sp.pollClosed, { replaceSource: true })];
  const selection = parsed.choices.filter((c) => c >= 0 && c < poll.options.length);
  const current = poll.anonymous ? undefined : namedAnswer(turn.ctx.db, round.id, turn.member.id);
  return [{ ...pollCard(poll, round, view, selection, current), replaceSource: true }];
}

function list(turn: Turn): Reply[] {
  const view = turn.view;
  const polls = listPolls(turn.ctx.db).slice(0, 10);
  const blocks: Block[] = [{ kind: "text", text: polls.length ? view.sp.pollsTitle : view.sp.pollsNone }];
  for (const poll of polls) {
    blocks.push({ kind: "text", text: `**${poll.question}** (${view.sp.pollStatus[poll.status]})` });
    const actions: Action[] = [{ id: PollActions.results, label: view.sp.pollResultsButton, value: String(poll.id) }];
    if (poll.status === "active") {
      actions.push({ id: PollActions.close, label: view.sp.pollCloseButton, value: String(poll.id) });
    }
    blocks.push({ kind: "actions", actions });
  }
  blocks.push({ kind: "actions", actions: [{ id: PollActions.create, label: view.sp.pollNew, style: "primary" }] });
  return [{ title: view.sp.pollsTitle, text: view.sp.pollsTitle, blocks }];
}

function form(turn: Turn, values: Record<string, string> = {}, errors: FieldErrors = {}): Reply {
  const view = turn.view;
  const t = view.sp;
  const input = (id: string, label: string, extra: Partial<Extract<Block, { kind: "input" }>> = {}): Block => ({
    kind: "input",
    id,
    label,
    value: values[id] ?? extra.value ?? "",
    ...extra,
    ...(errors[id] ? { error: t.errors[errors[id]] } : {}),
  });
  const kindLabels = { single: t.kindSingle, multiple: t.kindMultiple, scale: t.kindScale };
  return {
    title: t.pollNew,
    text: t.pollNew,
    blocks: [
      input(PollFields.question, t.formQuestion, { maxLength: 300 }),
      input(PollFields.kind, t.formKind, {
        options: pollKinds.map((k) => ({ label: kindLabels[k], value: k })),
        value: "single",
      }),
      input(PollFields.options, t.formOptions, { multiline: true, optional: true }),
      input(PollFields.anonymous, t.formAnonymous, { options: yesNoOptions(view), value: "yes" }),
      input(PollFields.audience, t.formAudience, { options: audienceOptions(view), value: "all" }),
      input(PollFields.at, t.formAt, { value: formatLocalDateTime(turn.now, view.zone) }),
      input(PollFields.closes, t.formCloses, { optional: true }),
      input(PollFields.schedule, t.formSchedule, { optional: true }),
      input(PollFields.openHours, t.formOpenHours, { optional: true }),
      input(PollFields.showRunning, t.formShowRunning, { options: yesNoOptions(view), value: "no" }),
      input(PollFields.shareResults, t.formShareResults, { options: yesNoOptions(view), value: "no" }),
    ],
    form: { submit: { id: PollActions.createSubmit, label: t.formSubmit, style: "primary" } },
  };
}

function create(turn: Turn, values: Record<string, string> = {}): Reply[] {
  const checked = validatePoll(values, turn.ctx.config.BOT_TIMEZONE, turn.now);
  if (!checked.ok) return [form(turn, values, checked.errors)];
  const poll = createPoll(turn.ctx.db, checked.value, turn.actor, turn.now);
  audit(turn.ctx.db, { actor: turn.actor, action: "poll.create", subject: `poll:${poll.id}` }, turn.now);
  // A poll that opens now goes out now, not at the scheduler's next tick.
  const opening = dueOpening(turn.ctx, poll, turn.now);
  if (opening !== undefined) startRound(turn.ctx, poll, opening, turn.now);
  const view = turn.view;
  return [notice(view.sp.pollCreated(view.dateTime(poll.startsAt)))];
}

const pollId = (value: string | undefined) => (/^\d+$/.test(value ?? "") ? Number(value) : -1);

function results(turn: Turn, value: string | undefined): Reply[] {
  const view = turn.view;
  const poll = getPoll(turn.ctx.db, pollId(value));
  const round = poll && lastRound(turn.ctx.db, poll.id);
  if (!poll) return [notice(view.sp.pollUnknown)];
  if (!round) return [notice(view.sp.pollCreated(view.dateTime(poll.startsAt)))];
  return [resultsReply(poll, round, roundResults(turn.ctx.db, poll, round.id), view, true)];
}

function close(turn: Turn, value: string | undefined): Reply[] {
  const view = turn.view;
  const poll = getPoll(turn.ctx.db, pollId(value));
  if (!poll) return [notice(view.sp.pollUnknown)];
  endPollNow(turn.ctx, poll, turn.now, turn.actor);
  return [notice(view.sp.pollClosedByYou, { replaceSource: true })];
}

const listWords = new Set(["peilingen", "peiling", "polls", "poll"]);

export const pollFeature: Feature = {
  actions: {
    [PollActions.vote]: forMembers(vote),
    [PollActions.toggle]: forMembers(toggle),
    [PollActions.list]: forOrganisers(list),
    [PollActions.create]: forOrganisers((turn) => [form(turn)]),
    [PollActions.createSubmit]: forOrganisers((turn, _value, values) => create(turn, values)),
    [PollActions.results]: forOrganisers(results),
    [PollActions.close]: forOrganisers(close),
  },
  text: (_turn, text) => (listWords.has(normalize(text)) ? organiserText(PollActions.list, list) : undefined),
};
