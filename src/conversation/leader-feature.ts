import type { Reply } from "../contract.js";
import { attendanceList, markAttendance } from "../domain/attendance.js";
import { audit } from "../domain/audit.js";
import { roster } from "../domain/signups.js";
import { messageAttendees } from "../services/leader-messages.js";
import { exportRoster } from "../services/roster-export.js";
import { normalize } from "../text/normalize.js";
import { LeaderActionIds, LeaderInputIds } from "../views/leader-action-ids.js";
import {
  attendanceForm,
  dateTime,
  messageForm,
  messageMaxLength,
  plain,
  rosterCsvReply,
  rosterReply,
  withBack,
} from "../views/leader-views.js";
import { cleanText, isReply, mySessions, ownSession, started, viewOf } from "./leader-turn.js";
import { type Feature, forLeaders, forMembers, memberText, type Turn } from "./turn.js";

// Session leaders in chat: their sessions, the roster and its CSV, a message to attendees, and attendance.
// Everything about a session is for its own leader only; the router refuses anyone else.

function sendMessage(turn: Turn, sessionId: string | undefined, form: Record<string, string> | undefined): Reply[] {
  const v = viewOf(turn);
  const session = ownSession(turn, sessionId);
  if (isReply(session)) return [session];
  if (session.status === "cancelled" || turn.now >= session.endsAt) return [plain(v.lt.messageEnded)];
  const message = cleanText(form?.[LeaderInputIds.message]);
  const urgent = form?.[LeaderInputIds.urgent] === "yes";
  if (!message || message.length > messageMaxLength) {
    return [messageForm(session, v, { message, urgent: urgent ? "yes" : "no", error: v.lt.errorMessageRequired })];
  }
  const outcome = messageAttendees(turn.ctx, session, turn.actor, message, urgent, turn.now);
  if (!outcome.confirmed) return [withBack(plain(v.lt.messageNoAttendees), v)];
  if (!outcome.queued) return [withBack(plain(v.lt.messageRepeated), v)];
  const moment = outcome.notBefore <= turn.now ? v.lt.messageNow : v.lt.messageFrom(dateTime(outcome.notBefore, v));
  return [withBack(plain(v.lt.messageQueued(outcome.queued, moment)), v)];
}

function saveAttendance(turn: Turn, sessionId: string | undefined, form: Record<string, string> | undefined): Reply[] {
  const v = viewOf(turn);
  return started(turn, sessionId, v.lt.attendanceTooEarly, (session) => {
    const entries = attendanceList(turn.ctx.db, session.id);
    const known = new Set(entries.map((e) => String(e.memberId)));
    const chosen = Object.entries(form ?? {})
      .filter(([key]) => key === LeaderInputIds.attended || key.startsWith(`${LeaderInputIds.attended}_`))
      .flatMap(([, value]) => value.split(","))
      .map((value) => value.trim())
      .filter(Boolean);
    if (chosen.some((value) => !known.has(value))) {
      return [attendanceForm(session, entries, v, v.lt.attendanceUnknown)];
    }
    const present = markAttendance(turn.ctx.db, session.id, [...new Set(chosen)].map(Number), turn.now);
    audit(
      turn.ctx.db,
      {
        actor: turn.actor,
        action: "leader.attendance",
        subject: session.id,
        detail: `present=${present}/${entries.length}`,
      },
      turn.now,
    );
    return [withBack(plain(v.lt.attendanceSaved(present, entries.length)), v)];
  });
}

const leaderWords = new Set(["leider", "leiders", "sessieleider", "leader", "leaders"]);

export const leaderFeature: Feature = {
  actions: {
    [LeaderActionIds.sessions]: forMembers((turn) => mySessions(turn)),
    [LeaderActionIds.roster]: forLeaders((turn, value) => {
      const session = ownSession(turn, value);
      return [isReply(session) ? session : rosterReply(session, roster(turn.ctx.db, session.id), viewOf(turn))];
    }),
    [LeaderActionIds.rosterCsv]: forLeaders((turn, value) => {
      const session = ownSession(turn, value);
      if (isReply(session)) return [session];
      audit(turn.ctx.db, { actor: turn.actor, action: "leader.roster.export", subject: session.id }, turn.now);
      return [rosterCsvReply(session, exportRoster(turn.ctx.db, session.id, "csv"), viewOf(turn))];
    }),
    [LeaderActionIds.message]: forLeaders((turn, value) => {
      const v = viewOf(turn);
      const session = ownSession(turn, value);
      if (isReply(session)) return [session];
      if (session.status === "cancelled" || turn.now >= session.endsAt) return [plain(v.lt.messageEnded)];
      if (!session.confirmed) return [withBack(plain(v.lt.messageNoAttendees), v)];
      return [messageForm(session, v)];
    }),
    [LeaderActionIds.messageSend]: forLeaders((turn, value, form) => sendMessage(turn, value, form)),
    [LeaderActionIds.attendance]: forLeaders((turn, value) => {
      const v = viewOf(turn);
      return started(turn, value, v.lt.attendanceTooEarly, (session) => {
        const entries = attendanceList(turn.ctx.db, session.id);
        return [entries.length ? attendanceForm(session, entries, v) : withBack(plain(v.lt.attendanceNone), v)];
      });
    }),
    [LeaderActionIds.attendanceSave]: forLeaders((turn, value, form) => saveAttendance(turn, value, form)),
  },
  // A leader's help and welcome: help-feature.ts.
  text: (_turn, text) => {
    const tokens = normalize(text).split(" ").filter(Boolean);
    return tokens.some((token) => leaderWords.has(token))
      ? memberText(LeaderActionIds.sessions, mySessions)
      : undefined;
  },
};
