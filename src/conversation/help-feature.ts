import type { Reply } from "../contract.js";
import { leadsAnySession } from "../domain/leaders.js";
import { leaderTexts } from "../i18n/leader-texts.js";
import { organiserTexts } from "../i18n/organiser-texts.js";
import { ConsultationActions } from "../views/consultation-action-ids.js";
import { LeaderActionIds } from "../views/leader-action-ids.js";
import { PollActions } from "../views/poll-views.js";
import { SurveyActions } from "../views/survey-views.js";
import { helpReply, helpWithSection } from "../views/views.js";
import { parseIntent } from "./intents.js";
import { type Feature, organiserText, type Turn } from "./turn.js";

// `help` and the welcome, each as the reader may use the bot: every member's words, a leader's, an organiser's.

/** The help (and with `greeting` the welcome) of a member; a leader's has their words and button too. */
function memberHelp(turn: Turn, greeting: boolean): Reply {
  const help = helpReply(turn.view, greeting);
  if (!leadsAnySession(turn.ctx.db, turn.member.id)) return help;
  const lt = leaderTexts(turn.view.locale);
  return helpWithSection(help, lt.leaderHelp, [{ id: LeaderActionIds.sessions, label: lt.buttonLeader }]);
}

/** An organiser's: a member's (a leader's) and then their own words, with a button for each thing they run. */
function organiserHelp(turn: Turn, greeting: boolean): Reply {
  const ot = organiserTexts(turn.view.locale);
  return helpWithSection(memberHelp(turn, greeting), ot.help, [
    { id: "broadcast.compose", label: ot.buttonBroadcast, style: "primary" },
    { id: SurveyActions.list, label: ot.buttonSurveys },
    { id: PollActions.list, label: ot.buttonPolls },
    { id: LeaderActionIds.reportStatus, label: ot.buttonReports },
    { id: ConsultationActions.list, label: ot.buttonConsultations },
  ]);
}

export const helpFeature: Feature = {
  text: (_turn, text) => {
    const intent = parseIntent(text);
    if (intent.kind !== "help") return undefined;
    // The router tells organisers from the others: whoever is not one gets the help that is theirs, unrefused.
    return {
      ...organiserText("organiser.help", (turn) => [organiserHelp(turn, intent.greeting)]),
      insteadOfRefusal: (turn) => [memberHelp(turn, intent.greeting)],
    };
  },
};
