import { cancelUnsolicited } from "../domain/consent.js";
import { setOptedOut } from "../domain/members.js";
import { consentTexts } from "../i18n/consent-texts.js";
import { normalize } from "../text/normalize.js";
import { notice } from "../views/views.js";
import { type Feature, memberText, type Turn } from "./turn.js";

// Consent and quiet: `stop` ends broadcasts, polls and survey messages for the person (on every identity of
// theirs); `start` resumes them. Their own sign-up confirmations, waitlist places and session reminders still come.
// A survey's "no reminders" button stays: that one is about one survey.

const stopPhrases = new Set([
  "stop",
  "stoppen",
  "stop berichten",
  "geen berichten",
  "geen berichten meer",
  "stop messages",
  "no messages",
  "no more messages",
  "unsubscribe",
]);
const startPhrases = new Set(["start", "start berichten", "weer berichten", "start messages", "resume"]);

function stop(turn: Turn) {
  const t = consentTexts(turn.view.locale);
  if (turn.member.optedOut) return [notice(t.alreadyStopped)];
  setOptedOut(turn.ctx.db, turn.member.id, true, turn.now);
  // What was queued before and waits for office hours is not sent either.
  cancelUnsolicited(turn.ctx.db, turn.member.id);
  turn.ctx.log.info({ platform: turn.member.platform }, "member stopped messages");
  return [notice(t.stopped)];
}

function start(turn: Turn) {
  setOptedOut(turn.ctx.db, turn.member.id, false, turn.now);
  turn.ctx.log.info({ platform: turn.member.platform }, "member resumed messages");
  return [notice(consentTexts(turn.view.locale).started)];
}

export const consentFeature: Feature = {
  text: (turn, text) => {
    const said = normalize(text);
    if (stopPhrases.has(said)) return memberText("consent.stop", stop);
    // A bare `start` is a greeting too: it means "resume" only to someone who stopped.
    if (startPhrases.has(said) && (said !== "start" || turn.member.optedOut)) return memberText("consent.start", start);
    return undefined;
  },
};
