import type { Action, Block, Reply } from "../contract.js";
import { parseBroadcastAudience } from "../domain/audience.js";
import { audit } from "../domain/audit.js";
import { deliveryReport, getBroadcast, lastQueuedBroadcast } from "../domain/broadcasts.js";
import { leadsAnySession } from "../domain/leaders.js";
import { provinces } from "../domain/regions.js";
import { listSessions, sessionIdIgnoringCase } from "../domain/sessions.js";
import { type BroadcastTexts, broadcastTexts } from "../i18n/broadcast-texts.js";
import { consentTexts } from "../i18n/consent-texts.js";
import { organiserTexts } from "../i18n/organiser-texts.js";
import { queueBroadcast } from "../services/broadcast-queue.js";
import { broadcastReply } from "../services/broadcast-reply.js";
import { createDraft, discardBroadcast, recipientCount, resendFailed } from "../services/broadcasts.js";
import { limitsOf } from "../services/platform-profiles.js";
import { parseLocalDateTime } from "../time/local-time.js";
import type { AudienceProblem } from "../types.js";
import { broadcastAudienceKinds } from "../views/audience-options.js";
import { workspaceLines } from "../views/delivery-report-view.js";
import { titleOf, when } from "../views/session-blocks.js";
import { mySessions } from "./leader-turn.js";
import { type Feature, forOrganisers, organiserText, type Turn } from "./turn.js";

// An organiser writes a message to members or a channel: form, preview, confirm, delivery report, resend.

const BroadcastActions = {
  compose: "broadcast.compose",
  preview: "broadcast.preview",
  confirm: "broadcast.confirm",
  discard: "broadcast.discard",
  report: "broadcast.report",
  resend: "broadcast.resend",
} as const;

const BroadcastInputs = {
  text: "bc_text",
  audience: "bc_audience",
  region: "bc_region",
  audienceSession: "bc_audience_session",
  audienceArg: "bc_audience_arg",
  session: "bc_session",
  sendAt: "bc_send_at",
  urgent: "bc_urgent",
} as const;

const maxText = 3000;

const t = (turn: Turn): BroadcastTexts => broadcastTexts(turn.view.locale);

type Errors = Partial<Record<keyof typeof BroadcastInputs, string>>;

function composeForm(turn: Turn, values: Record<string, string> = {}, errors: Errors = {}): Reply {
  const tx = t(turn);
  const input = (
    key: keyof typeof BroadcastInputs,
    label: string,
    extra: Omit<Extract<Block, { kind: "input" }>, "kind" | "id" | "label"> = {},
  ): Block => {
    const id = BroadcastInputs[key];
    const value = values[id];
    const error = errors[key];
    return { kind: "input", id, label, ...extra, ...(value ? { value } : {}), ...(error ? { error } : {}) };
  };
  // Sessions and regions are chosen, not typed; every required choice starts at its usual answer.
  const sessions = listSessions(turn.ctx.db, { from: turn.now })
    .slice(0, limitsOf(turn.from.platform).optionsPerInput)
    .map((s) => ({ label: `${titleOf(s, turn.view)}, ${when(s, turn.view)} (${s.id})`, value: s.id }));
  const regions = provinces.map((p) => ({ label: p, value: p }));
  return {
    title: tx.formTitle,
    text: tx.formIntro,
    blocks: [
      { kind: "text", text: tx.formIntro },
      input("text", tx.labelText, { multiline: true, maxLength: maxText }),
      input("audience", tx.labelAudience, {
        options: broadcastAudienceKinds.map((kind) => ({ label: tx.audience[kind], value: kind })),
        value: "everyone",
      }),
      input("region", tx.labelRegion, { optional: true, options: regions }),
      ...(sessions.length
        ? [input("audienceSession", tx.labelAudienceSession, { optional: true, options: sessions })]
        : []),
      input("audienceArg", tx.labelAudienceArg, { optional: true }),
      ...(sessions.length ? [input("session", tx.labelSession, { optional: true, options: sessions })] : []),
      input("sendAt", tx.labelSendAt, { optional: true }),
      input("urgent", tx.labelUrgent, {
        value: "no",
        options: [
          { label: tx.no, value: "no" },
          { label: tx.yes, value: "yes" },
        ],
      }),
    ],
    form: { submit: { id: BroadcastActions.preview, label: tx.confirm, style: "primary" } },
  };
}

function preview(turn: Turn, form: Record<string, string> = {}): Reply[] {
  const tx = t(turn);
  const { ctx } = turn;
  const text = (form[BroadcastInputs.text] ?? "").trim();
  const errors: Errors = {};
  if (!text || text.length > maxText) errors.text = tx.errorText;
  // "A channel" without an id, asked in a channel: this channel.
  const kind = form[BroadcastInputs.audience] ?? "";
  const chosenArg =
    kind === "region"
      ? form[BroadcastInputs.region]
      : kind === "session" || kind === "waitlist"
        ? form[BroadcastInputs.audienceSession]
        : undefined;
  const typedArg = chosenArg?.trim() || form[BroadcastInputs.audienceArg]?.trim();
  const audienceArg = typedArg || (turn.from.direct ? undefined : turn.from.conversation);
  const audience = parseBroadcastAudience(ctx.db, kind, audienceArg, turn.from.platform);
  if (typeof audience === "string") {
    errors[audience === "kind_unknown" ? "audience" : "audienceArg"] = tx.problem[audience as AudienceProblem];
  }
  const sessionText = (form[BroadcastInputs.session] ?? "").trim();
  const sessionId = sessionText ? sessionIdIgnoringCase(ctx.db, sessionText) : undefined;
  if (sessionText && !sessionId) errors.session = tx.problem.session_unknown;
  const sendAtText = (form[BroadcastInputs.sendAt] ?? "").trim();
  const sendAt = sendAtText ? parseLocalDateTime(sendAtText, ctx.config.BOT_TIMEZONE) : undefined;
  if (sendAtText && (sendAt === undefined || sendAt <= turn.now)) errors.sendAt = tx.errorSendAt;
  if (Object.keys(errors).length || typeof audience === "string") return [composeForm(turn, form, errors)];

  const id = createDraft(ctx, {
    createdBy: turn.actor,
    text,
    ...(sessionId ? { sessionId } : {}),
    audience,
    urgent: form[BroadcastInputs.urgent] === "yes",
    ...(sendAt !== undefined ? { sendAt } : {}),
    locale: turn.view.locale,
  });
  const broadcast = getBroadcast(ctx.db, id);
  if (!broadcast) return [{ text: tx.notFound }];
  const recipients = recipientCount(ctx.db, broadcast);
  const shown = broadcastReply(ctx, broadcast, turn.view.locale);
  const intro = tx.previewIntro(recipients);
  return [
    {
      title: tx.previewTitle,
      text: `${intro}\n\n${text}`,
      blocks: [
        { kind: "text", text: intro },
        ...(shown.blocks ?? []),
        {
          kind: "fields",
          fields: [
            { label: tx.labelAudience, value: describeAudience(turn, kind, typedArg) },
            { label: tx.labelRecipients, value: String(recipients) },
            {
              label: tx.labelWhen,
              value: sendAt !== undefined ? turn.view.dateTime(sendAt) : tx.now,
            },
          ],
        },
        {
          kind: "actions",
          actions: [
            { id: BroadcastActions.confirm, label: tx.confirm, value: String(id), style: "primary" },
            { id: BroadcastActions.discard, label: tx.discard, value: String(id), style: "danger" },
          ],
        },
      ],
    },
  ];
}

function describeAudience(turn: Turn, kind: string, arg: string | undefined): string {
  const name = t(turn).audience[kind as (typeof broadcastAudienceKinds)[number]];
  return `${name}${arg ? `: ${arg}` : ""}`;
}

function broadcastId(value: string | undefined): number | undefined {
  const id = Number(value);
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

function confirm(turn: Turn, value: string | undefined): Reply[] {
  const tx = t(turn);
  const id = broadcastId(value);
  const queued = id === undefined ? undefined : queueBroadcast(turn.ctx, id, turn.actor);
  if (id === undefined || queued === undefined) return [{ text: tx.notFound }];
  const text = tx.queued(id, queued);
  return [
    {
      text,
      replaceSource: true,
      blocks: [
        { kind: "text", text },
        { kind: "actions", actions: [{ id: BroadcastActions.report, label: tx.buttonReport, value: String(id) }] },
      ],
    },
  ];
}

function reportReply(turn: Turn, id: number): Reply {
  const tx = t(turn);
  const report = deliveryReport(turn.ctx.db, id);
  const lines = [tx.report(report.sent, report.waiting, report.failed, report.total)];
  if (report.optedOut) lines.push(consentTexts(turn.view.locale).optedOutInReport(report.optedOut));
  if (report.nextAt !== undefined && report.waiting) {
    lines.push(tx.nextAt(turn.view.dateTime(report.nextAt)));
  }
  if (report.failures.length) {
    lines.push(tx.failuresHeader, ...report.failures.map((f) => `• ${f.reason}: ${f.count}`));
  }
  lines.push(...workspaceLines(report, turn.view.locale));
  const text = lines.join("\n");
  const actions: Action[] = [{ id: BroadcastActions.report, label: tx.buttonRefresh, value: String(id) }];
  if (report.failed) actions.push({ id: BroadcastActions.resend, label: tx.buttonResend, value: String(id) });
  return {
    title: tx.reportTitle(id),
    text: `${tx.reportTitle(id)}\n${text}`,
    blocks: [
      { kind: "text", text },
      { kind: "actions", actions },
    ],
  };
}

function report(turn: Turn, value: string | undefined): Reply[] {
  const id = broadcastId(value);
  if (id === undefined || !getBroadcast(turn.ctx.db, id)) return [{ text: t(turn).notFound }];
  audit(turn.ctx.db, { actor: turn.actor, action: "broadcast.report", subject: `broadcast:${id}` }, turn.now);
  return [reportReply(turn, id)];
}

function resend(turn: Turn, value: string | undefined): Reply[] {
  const id = broadcastId(value);
  if (id === undefined || !getBroadcast(turn.ctx.db, id)) return [{ text: t(turn).notFound }];
  const count = resendFailed(turn.ctx, id, turn.actor);
  return [{ text: t(turn).resent(count) }, reportReply(turn, id)];
}

const composeWords = /^(bericht versturen|bericht sturen|omroepen|rondsturen|broadcast|send message)$/i;
/** `rapport 3`, or a bare `rapport`: the delivery report of the broadcast queued last. */
const reportWords = /^(rapport|bezorgrapport|report|delivery report)(?:\s+(\d+))?$/i;

function lastReport(turn: Turn): Reply[] {
  const id = lastQueuedBroadcast(turn.ctx.db);
  return id === undefined ? [{ text: organiserTexts(turn.view.locale).noBroadcast }] : report(turn, String(id));
}

/** A leader who is no organiser and types `rapport` means their session's report: their sessions. */
const leaderInstead = (turn: Turn): Reply[] | undefined =>
  leadsAnySession(turn.ctx.db, turn.member.id) ? mySessions(turn) : undefined;

function compose(turn: Turn): Reply[] {
  audit(turn.ctx.db, { actor: turn.actor, action: "broadcast.compose" }, turn.now);
  return [composeForm(turn)];
}

function discard(turn: Turn, value: string | undefined): Reply[] {
  const id = broadcastId(value);
  if (id !== undefined) discardBroadcast(turn.ctx, id, turn.actor);
  return [{ text: t(turn).discarded, replaceSource: true }];
}

// Every step is for organisers only; the router refuses (and audits) anyone else.
export const broadcastFeature: Feature = {
  actions: {
    [BroadcastActions.compose]: forOrganisers(compose),
    [BroadcastActions.preview]: forOrganisers((turn, _value, form) => preview(turn, form)),
    [BroadcastActions.confirm]: forOrganisers(confirm),
    [BroadcastActions.discard]: forOrganisers(discard),
    [BroadcastActions.report]: forOrganisers(report),
    [BroadcastActions.resend]: forOrganisers(resend),
  },
  text: (_turn, text) => {
    const trimmed = text.trim();
    if (composeWords.test(trimmed)) return organiserText(BroadcastActions.compose, compose);
    const match = reportWords.exec(trimmed);
    if (match) {
      const id = match[2];
      return {
        ...organiserText(BroadcastActions.report, (turn) => (id ? report(turn, id) : lastReport(turn))),
        insteadOfRefusal: leaderInstead,
      };
    }
    return undefined;
  },
};
