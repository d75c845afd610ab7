import type { Inbound, Reply } from "./contract.js";
import { formChecks } from "./conversation/form-checks.js";
import type { DeclaredAction, Feature, TextIntent, Turn, Who } from "./conversation/turn.js";
import { audit } from "./domain/audit.js";
import { belongsElsewhere } from "./domain/identities.js";
import { isLeaderOf } from "./domain/leaders.js";
import { ensureMember, findMember, followPlatformLocale } from "./domain/members.js";
import { isOrganiser } from "./domain/organisers.js";
import { getSession } from "./domain/sessions.js";
import { allFeatures } from "./features.js";
import { busyText } from "./i18n/busy-texts.js";
import { otherWorkspaceText, refusalText } from "./i18n/permission-texts.js";
import { localeFrom } from "./i18n/texts.js";
import type { CoreContext } from "./services/context.js";
import { viewNow } from "./services/view-now.js";
import { inTransaction } from "./storage/db.js";
import { isBusyError } from "./storage/db-errors.js";
import { claimEvent } from "./storage/processed-events.js";
import { viewContext } from "./views/view-context.js";
import { helpReply, notice, unknownReply } from "./views/views.js";

export interface Core {
  ctx: CoreContext;
  /** Handles one inbound message or click and returns the replies for the sender. Never throws for user input. */
  handle(inbound: Inbound): Reply[];
  /**
   * Checks a submitted form without writing anything (no member row, no event claim): the form again with its
   * errors, `valid`, or `unchecked` when the action has no cheap check (then only `handle` knows).
   */
  validate(inbound: Extract<Inbound, { kind: "action" }>): FormValidation;
}

/** What the router checks before a feature runs: the action or intent, who may use it, and about which session. */
type Asked = Pick<TextIntent, "id" | "who" | "sessionId" | "insteadOfRefusal">;

type FormValidation = { kind: "invalid"; reply: Reply } | { kind: "valid" } | { kind: "unchecked" };

/** Builds the core from its context and the conversation features (sign-ups first; others add broadcasts, polls…). */
export function createCore(ctx: CoreContext, features: Feature[] = allFeatures): Core {
  const actions = new Map<string, DeclaredAction>();
  for (const feature of features) {
    for (const [id, declared] of Object.entries(feature.actions ?? {})) {
      if (actions.has(id)) throw new Error(`action id ${id} is handled twice`);
      actions.set(id, declared);
    }
  }

  /** The one place that knows roles: may this sender use what asks for `who` (about `sessionId`)? */
  function permitted(turn: Turn, who: Who, sessionId: string | undefined): boolean {
    switch (who) {
      case "member":
        return true;
      case "organiser":
        return isOrganiser(ctx.db, ctx.config.ORGANISERS, turn.member.id);
      case "leader": {
        // An unknown session is refused like someone else's: the answer does not tell which ids exist.
        const session = sessionId ? getSession(ctx.db, sessionId) : undefined;
        return session !== undefined && isLeaderOf(ctx.db, session.id, turn.member.id);
      }
    }
  }

  /** Runs `run` when the sender may; otherwise what the feature offers instead, or the one refusal, audited. */
  function guarded(turn: Turn, asked: Asked, run: () => Reply[]): Reply[] {
    if (permitted(turn, asked.who, asked.sessionId)) return run();
    const instead = asked.insteadOfRefusal?.(turn);
    if (instead) return instead;
    // The id names the action or intent, never what was typed.
    audit(ctx.db, { actor: turn.actor, action: "permission.refused", detail: asked.id }, turn.now);
    return [notice(refusalText(turn.view.locale, asked.who === "leader" ? "leader" : "organiser"))];
  }

  function startTurn(inbound: Inbound): Turn {
    const now = ctx.clock.now();
    const { from } = inbound;
    let member = ensureMember(
      ctx.db,
      from.platform,
      from.user,
      now,
      from.direct ? from.conversation : undefined,
      from.workspace,
    );
    const platformLocale = localeFrom(from.locale);
    if (platformLocale) {
      const locale = followPlatformLocale(ctx.db, member, from.platform, from.user, platformLocale);
      if (locale !== member.locale) member = { ...member, locale };
    }
    const locale = member.locale ?? ctx.config.BOT_LOCALE;
    return {
      ctx,
      member,
      from,
      now,
      view: viewContext(locale, ctx.config.BOT_TIMEZONE, now),
      actor: member.id,
      ...(inbound.kind === "action" && inbound.source ? { source: inbound.source } : {}),
    };
  }

  function route(turn: Turn, inbound: Inbound): Reply[] {
    if (inbound.kind === "action") {
      const { actionId, value, form } = inbound;
      const declared = actions.get(actionId);
      if (!declared) return [helpReply(turn.view)];
      const sessionId = declared.sessionOf ? declared.sessionOf(value) : value;
      const asked: Asked = { id: actionId, who: declared.who, sessionId, insteadOfRefusal: declared.insteadOfRefusal };
      return guarded(turn, asked, () => declared.run(turn, value, form));
    }
    for (const feature of features) {
      const intent = feature.text?.(turn, inbound.text);
      if (intent) return guarded(turn, intent, () => intent.run(turn));
    }
    return [unknownReply(turn.view)];
  }

  /** Nothing was done: the member's language if a read can tell it (reads never wait under WAL), else the default. */
  function busyReply(inbound: Inbound): Reply[] {
    let locale = localeFrom(inbound.from.locale) ?? ctx.config.BOT_LOCALE;
    try {
      locale = findMember(ctx.db, inbound.from.platform, inbound.from.user)?.locale ?? locale;
    } catch {}
    return [{ text: busyText(locale) }];
  }

  return {
    ctx,
    handle(inbound) {
      try {
        // One transaction per turn: the event id is claimed only together with what the turn did, so a turn
        // stopped by another process's write lock leaves no trace and the platform's retry or a new click works.
        return inTransaction(ctx.db, () => {
          if (inbound.eventId && !claimEvent(ctx.db, `${inbound.from.platform}:${inbound.eventId}`, ctx.clock.now())) {
            ctx.log.debug({ platform: inbound.from.platform }, "repeated event skipped");
            return [];
          }
          const { from } = inbound;
          if (belongsElsewhere(ctx.db, from.platform, from.user, from.workspace)) {
            ctx.log.warn({ platform: from.platform, problem: "workspace_mismatch" }, "request refused");
            return [notice(otherWorkspaceText(localeFrom(from.locale) ?? ctx.config.BOT_LOCALE))];
          }
          const turn = startTurn(inbound);
          // The turn's language on each answer, so an adapter need not read the member again to label a button.
          return route(turn, inbound).map((reply) => ({ ...reply, locale: turn.view.locale }));
        });
      } catch (error) {
        if (!isBusyError(error)) throw error;
        ctx.log.warn({ platform: inbound.from.platform }, "database busy: asked the member to try again");
        return busyReply(inbound);
      }
    },
    validate(inbound) {
      const check = formChecks[inbound.actionId];
      // Only forms every member may send are checked early; for the others `handle` checks who sends them first.
      if (!check || actions.get(inbound.actionId)?.who !== "member") return { kind: "unchecked" };
      // The locale startTurn would choose, read-only.
      const member = findMember(ctx.db, inbound.from.platform, inbound.from.user);
      const locale = member?.locale ?? localeFrom(inbound.from.locale) ?? ctx.config.BOT_LOCALE;
      const again = check(ctx, viewNow(ctx, locale), inbound.value, inbound.form);
      return again ? { kind: "invalid", reply: again } : { kind: "valid" };
    },
  };
}
