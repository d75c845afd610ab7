import type { Reply } from "../contract.js";
import {
  getReaction,
  newReactionKey,
  participantState,
  type ReactionAuthor,
  saveReactionAnswers,
} from "../domain/consultation-reactions.js";
import {
  type Consultation,
  getConsultation,
  inConsultationAudience,
  openConsultationsFor,
} from "../domain/consultations.js";
import { answerKey, loadReportFormat, ReportFormatError } from "../domain/report-format.js";
import { submitConsultationReaction } from "../services/consultation-service.js";
import { limitsOf } from "../services/platform-profiles.js";
import { normalize } from "../text/normalize.js";
import { ConsultationActions, parseReactionValue, type ReactionRef } from "../views/consultation-action-ids.js";
import {
  type ConsultationView,
  consultationView,
  openRoundsList,
  reactionOverview,
  reactionPartForm,
  startedElsewhere,
} from "../views/consultation-views.js";
import { notice } from "../views/views.js";
import { organiserRoundsIntent } from "./consultation-organiser-feature.js";
import { cleanText } from "./leader-turn.js";
import { type Feature, forMembers, memberText, type Turn } from "./turn.js";

// A member reacts to a consultation round: the overview of their reaction, one form per core task, draft, submit.
//
// Why anonymous works this way: an anonymous reaction can be changed until the close, yet no table may tie it to a
// member. So the key to it lives with the member, not with us: when a member starts a reaction in an anonymous
// round we make a random key and put it in the action values of the cards we send back as replies (never through
// the outbox, whose rows name the member); only its SHA-256 is stored with the reaction. Every later click on that
// card (part form, save, submit) brings the key back. The participants table says only "started" / "submitted"
// (for the reminder, and to allow one submitted reaction per member). Who comes back without the card is told
// where it is and may start over with a fresh key; a draft never submitted is discarded at the close.

/** The reader's view; answers as long as the report format allows (3000 if the file cannot be read just now). */
function viewOf(turn: Turn): ConsultationView {
  const limits = limitsOf(turn.from.platform);
  let maxAnswerLength: number | undefined;
  try {
    maxAnswerLength = loadReportFormat(turn.ctx.config.REPORT_FORMAT_PATH, limits).maxAnswerLength;
  } catch (error) {
    // The round holds its own tasks and questions: a broken format file must not stop members reacting.
    if (!(error instanceof ReportFormatError)) throw error;
  }
  return consultationView(turn.view, limits, maxAnswerLength);
}

const isClosed = (round: Consultation, now: number) => round.status === "closed" || now >= round.closesAt;

const closedNotice = (round: Consultation, v: ConsultationView) =>
  notice(v.ct.closed(v.dateTime(round.closedAt ?? round.closesAt)), { replaceSource: true });

/** Runs `fn` for a round the member may react to now; otherwise the one clear answer why not. */
function withRound(
  turn: Turn,
  ref: ReactionRef | undefined,
  fn: (round: Consultation, v: ConsultationView) => Reply[],
): Reply[] {
  const v = viewOf(turn);
  const round = ref && getConsultation(turn.ctx.db, ref.consultationId);
  if (!round) return [notice(v.ct.unknown)];
  if (isClosed(round, turn.now)) return [closedNotice(round, v)];
  if (!inConsultationAudience(round.audience, turn.member.role)) return [notice(v.ct.notForYou)];
  if (round.status === "scheduled" || turn.now < round.opensAt) {
    return [notice(v.ct.notYetOpen(v.dateTime(round.opensAt)))];
  }
  return fn(round, v);
}

/** The reaction's author as the domain finds it; undefined in an anonymous round clicked without the card's key. */
function authorOf(turn: Turn, round: Consultation, key: string | undefined): ReactionAuthor | undefined {
  if (!round.anonymous) return { kind: "named", memberId: turn.member.id };
  return key ? { kind: "anonymous", memberId: turn.member.id, key } : undefined;
}

/** A member back without the card of an anonymous reaction: a fresh one, where the old one is, or it is in. */
function withoutCard(turn: Turn, round: Consultation, v: ConsultationView, startOver: boolean): Reply {
  const state = participantState(turn.ctx.db, round.id, turn.member.id);
  if (state === "submitted") return notice(v.ct.submittedElsewhere);
  if (state === "started" && !startOver) return startedElsewhere(round, v);
  return reactionOverview(round, undefined, newReactionKey(), v);
}

/** A click on a member's card: the round, and whose reaction it is about (an anonymous one by the card's key). */
interface Click {
  round: Consultation;
  author: ReactionAuthor;
  key: string | undefined;
  taskId: string;
  v: ConsultationView;
}

function withAuthor(turn: Turn, value: string | undefined, fn: (click: Click) => Reply[], startOver = false): Reply[] {
  const ref = parseReactionValue(value);
  return withRound(turn, ref, (round, v) => {
    const author = authorOf(turn, round, ref?.key);
    if (!author) return [withoutCard(turn, round, v, startOver)];
    return fn({ round, author, key: ref?.key, taskId: ref?.taskId ?? "", v });
  });
}

const reactionOf = (turn: Turn, { round, author }: Click) => getReaction(turn.ctx.db, round.id, author);

const overview = (turn: Turn, value: string | undefined, startOver = false): Reply[] =>
  withAuthor(
    turn,
    value,
    (click) => [reactionOverview(click.round, reactionOf(turn, click), click.key, click.v)],
    startOver,
  );

function part(turn: Turn, value: string | undefined): Reply[] {
  return withAuthor(turn, value, (click) => {
    const { round, key, v } = click;
    const task = round.tasks.find((t) => t.taskId === click.taskId);
    if (!task) return [reactionOverview(round, reactionOf(turn, click), key, v)];
    return [reactionPartForm(round, task, reactionOf(turn, click), key, v)];
  });
}

function save(turn: Turn, value: string | undefined, form: Record<string, string> | undefined): Reply[] {
  return withAuthor(turn, value, (click) => {
    const { round, author, key, v } = click;
    const task = round.tasks.find((t) => t.taskId === click.taskId);
    const before = reactionOf(turn, click);
    if (!task) return [reactionOverview(round, before, key, v)];
    // A click that carries no form (not a submit) changes nothing: the form again.
    if (!form) return [reactionPartForm(round, task, before, key, v)];
    const values: Record<string, string> = {};
    const errors: Record<string, string> = {};
    const max = v.answerLength;
    for (const question of task.questions) {
      const id = answerKey(task.taskId, question.id);
      values[id] = cleanText(form[id]);
      if (values[id].length > max) errors[id] = v.ct.tooLong(max);
    }
    if (Object.keys(errors).length) return [reactionPartForm(round, task, before, key, v, { values, errors })];
    // An empty form saves nothing: the member has not started (and gets no reminder).
    if (!before && Object.values(values).every((text) => !text)) return [reactionOverview(round, before, key, v)];
    const saved = saveReactionAnswers(turn.ctx.db, round, author, turn.member.role, values, turn.now);
    if (saved === "closed") return [closedNotice(round, v)];
    const message = saved.status === "submitted" ? v.ct.savedSubmitted : v.ct.saved;
    return [reactionOverview(round, saved, key, v, message)];
  });
}

function submit(turn: Turn, value: string | undefined): Reply[] {
  return withAuthor(turn, value, (click) => {
    const { round, author, key, v } = click;
    const outcome = submitConsultationReaction(turn.ctx, round, author, turn.now);
    if (outcome === "closed") return [closedNotice(round, v)];
    const reaction = reactionOf(turn, click);
    if (outcome === "already" && reaction?.status !== "submitted") return [notice(v.ct.submittedElsewhere)];
    const message = { submitted: v.ct.submitted, already: v.ct.alreadySubmitted, empty: v.ct.empty }[outcome];
    return [reactionOverview(round, reaction, key, v, message)];
  });
}

/** `reacties`: the rounds open for the member; one opens at once. */
function myRounds(turn: Turn): Reply[] {
  const v = viewOf(turn);
  const rounds = openConsultationsFor(turn.ctx.db, turn.member.role, turn.now);
  const [only] = rounds;
  if (!only) return [notice(v.ct.noneOpen)];
  if (rounds.length > 1) return [openRoundsList(rounds, v)];
  return overview(turn, String(only.id));
}

const memberWords = new Set([
  "reacties",
  "reactie",
  "reageren",
  "consultatie",
  "consultaties",
  "reactions",
  "reaction",
]);
const roundWords = new Set(["reactieronde", "reactierondes", "consultation", "consultations"]);

export const consultationFeature: Feature = {
  actions: {
    [ConsultationActions.open]: forMembers((turn, value) => overview(turn, value)),
    [ConsultationActions.startOver]: forMembers((turn, value) => overview(turn, value, true)),
    [ConsultationActions.part]: forMembers(part),
    [ConsultationActions.save]: forMembers(save),
    [ConsultationActions.submit]: forMembers(submit),
  },
  text: (_turn, text) => {
    const words = normalize(text);
    if (memberWords.has(words)) return memberText("consultation.mine", myRounds);
    // Organisers get the rounds with counts; everyone else the rounds open for them, unrefused.
    if (roundWords.has(words)) return { ...organiserRoundsIntent, insteadOfRefusal: myRounds };
    return undefined;
  },
};
