import { createHash } from "node:crypto";
import { sendWindow } from "../config/core-config.js";
import type { Reply } from "../contract.js";
import { audit } from "../domain/audit.js";
import { getMemberById } from "../domain/members.js";
import { enqueue } from "../domain/outbox.js";
import { confirmedMemberIds } from "../domain/signups.js";
import { inTransaction } from "../storage/db.js";
import { nextInWindow } from "../time/quiet-hours.js";
import type { Actor, SessionWithCounts } from "../types.js";
import { attendeeMessage } from "../views/leader-views.js";
import type { CoreContext } from "./context.js";
import { memberAddress, memberLocale } from "./member-reach.js";
import { viewNow } from "./view-now.js";

export interface MessageOutcome {
  /** Messages written to the outbox now (0 when the same message was sent before). */
  queued: number;
  confirmed: number;
  notBefore: number;
}

/**
 * Sends a leader's message to the confirmed members of their session through the outbox: inside the sending window
 * unless urgent. The dedupe key is per message and member, so a double click sends nothing twice. The audit log
 * records who sent how many, never the words.
 */
export function messageAttendees(
  ctx: CoreContext,
  session: SessionWithCounts,
  actor: Actor,
  message: string,
  urgent: boolean,
  now: number,
): MessageOutcome {
  const messageId = createHash("sha256").update(`${session.id}\n${actor}\n${message}`).digest("hex").slice(0, 20);
  const notBefore = urgent ? now : nextInWindow(now, sendWindow(ctx.config));
  return inTransaction(ctx.db, () => {
    const memberIds = confirmedMemberIds(ctx.db, session.id);
    let queued = 0;
    // The message is the same for every member of a language: render it once per language.
    const replies = new Map<string, Reply>();
    for (const memberId of memberIds) {
      const member = getMemberById(ctx.db, memberId);
      if (!member) continue;
      const locale = memberLocale(member, ctx.config);
      const reply = replies.get(locale) ?? attendeeMessage(session, message, viewNow(ctx, locale));
      replies.set(locale, reply);
      const added = enqueue(
        ctx.db,
        {
          dedupeKey: `leader-message:${session.id}:${messageId}:${member.id}`,
          kind: "leader.message",
          to: memberAddress(member),
          memberId: member.id,
          reply,
          notBefore,
        },
        now,
      );
      if (added) queued++;
    }
    if (queued) {
      audit(
        ctx.db,
        { actor, action: "leader.message", subject: session.id, detail: `recipients=${queued} urgent=${urgent}` },
        now,
      );
    }
    return { queued, confirmed: memberIds.length, notBefore };
  });
}
