import type { Reply } from "../contract.js";
import { sessionInvite } from "../domain/calendar.js";
import { setLocale, setProfile } from "../domain/members.js";
import { getSession, listSessions, sessionIdIgnoringCase } from "../domain/sessions.js";
import {
  allowedFor,
  cancelSignup,
  closedReason,
  type MemberSignup,
  memberSignups,
  rememberWaitlistCard,
  signUp,
  signupStatus,
} from "../domain/signups.js";
import { texts } from "../i18n/texts.js";
import { noticePromoted, waitlistCard } from "../services/notices.js";
import { inTransaction } from "../storage/db.js";
import type { Role, SessionWithCounts } from "../types.js";
import { ActionIds } from "../views/action-ids.js";
import { viewContext } from "../views/view-context.js";
import * as views from "../views/views.js";
import { hasErrors, profileInput } from "./form-checks.js";
import { parseIntent } from "./intents.js";
import { filterSessions } from "./session-filter.js";
import { type Feature, forMembers, memberText, type Turn } from "./turn.js";

// Finding sessions, signing up, the waitlist, cancelling, "my sessions": what every GP does.

/** Upcoming sessions the member may sign up for: one for aios only is not offered to a huisarts. */
function upcoming(turn: Turn): SessionWithCounts[] {
  return listSessions(turn.ctx.db, { from: turn.now }).filter((s) => allowedFor(s.audience, turn.member.role));
}

function mineBySession(turn: Turn): Map<string, Pick<MemberSignup, "status" | "position">> {
  return new Map(memberSignups(turn.ctx.db, turn.member.id, turn.now).map((s) => [s.session.id, s]));
}

function listReply(turn: Turn, filter?: string, offset = 0): Reply {
  const all = upcoming(turn);
  const sessions = filter ? filterSessions(all, filter, turn.ctx.config.BOT_TIMEZONE) : all;
  if (!sessions) return views.sessionList([], { offset: 0, size: 1, filter: filter ?? "" }, turn.view, new Map());
  const size = turn.ctx.config.PAGE_SIZE;
  const page = {
    offset: Math.max(0, Math.min(offset, Math.max(0, sessions.length - 1))),
    size,
    ...(filter ? { filter } : {}),
  };
  return views.sessionList(sessions, page, turn.view, mineBySession(turn));
}

function refused(turn: Turn, reason: keyof Turn["view"]["t"]["refused"], session?: SessionWithCounts): Reply {
  const text =
    reason === "audience" && session ? turn.view.t.refused.audience(session.audience) : turn.view.t.refused[reason];
  return views.notice(typeof text === "string" ? text : turn.view.t.refused.not_found);
}

function completeSignUp(turn: Turn, sessionId: string): Reply {
  const outcome = signUp(turn.ctx.db, sessionId, turn.member.id, turn.member.role, turn.now);
  // A repeated click on a card in the DM gets the very card the first click drew, so the platform is asked to change
  // nothing (and is not asked at all); a command typed again hears that it was done already.
  const already = "already" in outcome && outcome.already && !turn.source;
  switch (outcome.kind) {
    case "confirmed": {
      const invite = sessionInvite(outcome.session, { zone: turn.ctx.config.BOT_TIMEZONE, now: turn.now });
      return views.confirmation(outcome.session, turn.view, already, invite);
    }
    case "waitlisted":
      // The card this reply replaces shows the place from now on: a promotion updates it.
      if (turn.source) {
        const card = waitlistCard(turn.from, turn.source);
        rememberWaitlistCard(turn.ctx.db, outcome.session.id, turn.member.id, card);
      }
      return views.waitlisted(outcome.session, turn.view, outcome.position, already);
    case "refused":
      return { ...refused(turn, outcome.reason, outcome.session), replaceSource: true };
  }
}

function join(turn: Turn, sessionId: string | undefined): Reply[] {
  const session = sessionId && getSession(turn.ctx.db, sessionId);
  if (!session) return [refused(turn, "not_found")];
  const status = signupStatus(turn.ctx.db, session.id, turn.member.id);
  const closed = status ? undefined : closedReason(session, turn.now);
  if (closed) return [{ ...refused(turn, closed, session), replaceSource: true }];
  if (!status && (!turn.member.rosterName || !turn.member.role)) return [views.profileForm(session, turn.view)];
  return [completeSignUp(turn, session.id)];
}

function submitProfile(turn: Turn, sessionId: string | undefined, form: Record<string, string> | undefined): Reply[] {
  const session = sessionId && getSession(turn.ctx.db, sessionId);
  if (!session) return [refused(turn, "not_found")];
  const input = profileInput(turn.view, form);
  if (hasErrors(input)) return [views.profileForm(session, turn.view, input)];
  const { rosterName } = input;
  const role = input.role as Role;
  setProfile(turn.ctx.db, turn.member.id, rosterName, role);
  turn.member = { ...turn.member, rosterName, role };
  return [completeSignUp(turn, session.id)];
}

function askCancel(turn: Turn, sessionId: string | undefined): Reply[] {
  const session = sessionId && getSession(turn.ctx.db, sessionId);
  if (!session || !signupStatus(turn.ctx.db, session.id, turn.member.id)) {
    return [views.notice(turn.view.t.notSignedUp, { replaceSource: true })];
  }
  return [views.cancelQuestion(session, turn.view)];
}

function confirmCancel(turn: Turn, sessionId: string | undefined): Reply[] {
  if (!sessionId) return [views.notice(turn.view.t.notSignedUp)];
  const outcome = inTransaction(turn.ctx.db, () => {
    const result = cancelSignup(turn.ctx.db, sessionId, turn.member.id, turn.now);
    if (result.kind === "cancelled") for (const id of result.promoted) noticePromoted(turn.ctx, id, result.session);
    return result;
  });
  if (outcome.kind === "not_signed_up") return [views.notice(turn.view.t.notSignedUp, { replaceSource: true })];
  const text =
    outcome.was === "confirmed"
      ? turn.view.t.cancelled(outcome.session.title)
      : turn.view.t.cancelledWaitlist(outcome.session.title);
  return [
    views.notice(text, {
      replaceSource: true,
      blocks: [
        { kind: "text", text },
        { kind: "actions", actions: [{ id: ActionIds.sessionsList, label: turn.view.t.buttonAll }] },
      ],
    }),
  ];
}

function switchLocale(turn: Turn, locale: string | undefined): Reply[] {
  if (locale !== "nl" && locale !== "en") return [views.helpReply(turn.view)];
  setLocale(turn.ctx.db, turn.member.id, locale);
  turn.member = { ...turn.member, locale };
  turn.view = viewContext(locale, turn.ctx.config.BOT_TIMEZONE, turn.now);
  return [views.notice(texts(locale).localeSet)];
}

function parsePage(value: string | undefined): { filter?: string; offset: number } {
  try {
    const page = JSON.parse(value ?? "{}") as { f?: unknown; o?: unknown };
    const filter = typeof page.f === "string" && page.f ? page.f : undefined;
    return { ...(filter ? { filter } : {}), offset: typeof page.o === "number" ? page.o : 0 };
  } catch {
    return { offset: 0 };
  }
}

export const signupFeature: Feature = {
  actions: {
    [ActionIds.sessionsList]: forMembers((turn, value) => {
      const page = parsePage(value);
      return [listReply(turn, page.filter, page.offset)];
    }),
    [ActionIds.sessionDetails]: forMembers((turn, value) => {
      const session = value && getSession(turn.ctx.db, value);
      if (!session) return [refused(turn, "not_found")];
      const status = signupStatus(turn.ctx.db, session.id, turn.member.id);
      const mine = status && mineBySession(turn).get(session.id);
      return [views.sessionDetails(session, turn.view, mine || undefined)];
    }),
    [ActionIds.signUp]: forMembers((turn, value) => join(turn, value)),
    [ActionIds.profileSubmit]: forMembers((turn, value, form) => submitProfile(turn, value, form)),
    [ActionIds.cancel]: forMembers((turn, value) => askCancel(turn, value)),
    [ActionIds.cancelConfirm]: forMembers((turn, value) => confirmCancel(turn, value)),
    [ActionIds.cancelKeep]: forMembers((turn) => [views.notice(turn.view.t.kept, { replaceSource: true })]),
    [ActionIds.mine]: forMembers((turn) => [
      views.mySessions(memberSignups(turn.ctx.db, turn.member.id, turn.now), turn.view),
    ]),
    [ActionIds.help]: forMembers((turn) => [views.helpReply(turn.view)]),
    [ActionIds.setLocale]: forMembers((turn, value) => switchLocale(turn, value)),
  },
  // Everything a member types here is for every member: each intent is named by the action it stands for.
  text: (_turn, text) => {
    const intent = parseIntent(text);
    switch (intent.kind) {
      case "help":
        return memberText(ActionIds.help, (turn) => [views.helpReply(turn.view, intent.greeting)]);
      case "list":
        return memberText(ActionIds.sessionsList, (turn) => [listReply(turn, intent.filter)]);
      case "mine":
        return memberText(ActionIds.mine, (turn) => [
          views.mySessions(memberSignups(turn.ctx.db, turn.member.id, turn.now), turn.view),
        ]);
      case "signup":
        return memberText(ActionIds.signUp, (turn) => {
          if (!intent.sessionId) return [listReply(turn)];
          // Not an id: the words find the sessions to choose from ("inschrijven voor utrecht").
          const id = findSessionId(turn, intent.sessionId);
          return id ? join(turn, id) : [listReply(turn, intent.sessionId)];
        });
      case "cancel":
        return memberText(ActionIds.cancel, (turn) => {
          // Not an id: their sign-ups, each with its button to cancel.
          const id = intent.sessionId && findSessionId(turn, intent.sessionId);
          return id
            ? askCancel(turn, id)
            : [views.mySessions(memberSignups(turn.ctx.db, turn.member.id, turn.now), turn.view)];
        });
      case "locale":
        return memberText(ActionIds.setLocale, (turn) => switchLocale(turn, intent.locale));
      case "unknown":
        return undefined;
    }
  },
};

/** Session ids are typed in any case ("s12" for "S12"). */
function findSessionId(turn: Turn, typed: string): string | undefined {
  return sessionIdIgnoringCase(turn.ctx.db, typed);
}
