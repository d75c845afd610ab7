import type { Address, Locale, Reply } from "../contract.js";
import { audit } from "../domain/audit.js";
import {
  type Broadcast,
  getBroadcast,
  markQueued,
  outboxRowCount,
  placesShown,
  rememberAnnouncement,
} from "../domain/broadcasts.js";
import { recordBroadcastOptOuts } from "../domain/consent.js";
import { enqueueReturningId } from "../domain/outbox.js";
import { getSession } from "../domain/sessions.js";
import { inTransaction } from "../storage/db.js";
import type { Actor } from "../types.js";
import { broadcastReply } from "./broadcast-reply.js";
import { broadcastRecipients } from "./broadcasts.js";
import type { CoreContext } from "./context.js";
import { enqueueNudge } from "./delivery/nudges.js";
import { memberAddress, memberLocale } from "./member-reach.js";
import { sendUnsolicited } from "./stop-hint.js";

/**
 * Confirms a draft: one outbox row per recipient, in one transaction. A second confirm (double click, platform
 * retry) finds the broadcast queued and adds nothing. Returns the number of recipients queued.
 */
export function queueBroadcast(ctx: CoreContext, id: number, actor: Actor): number | undefined {
  const now = ctx.clock.now();
  return inTransaction(ctx.db, () => {
    const broadcast = getBroadcast(ctx.db, id);
    if (!broadcast || broadcast.status === "discarded") return undefined;
    if (broadcast.status === "queued") return outboxRowCount(ctx.db, id);
    markQueued(ctx.db, id, now);
    const notBefore = broadcast.sendAt ?? now;
    if (broadcast.audience.kind === "channel") {
      const { platform, conversation } = broadcast.audience;
      queueInChannel(ctx, broadcast, { platform, conversation }, notBefore);
    } else queueToMembers(ctx, broadcast, notBefore);
    const queued = outboxRowCount(ctx.db, id);
    audit(
      ctx.db,
      { actor, action: "broadcast.confirm", subject: `broadcast:${id}`, detail: `${queued} recipients` },
      now,
    );
    return queued;
  });
}

/** One message to the conversation; with a session attached, remembered so its places-left count stays current. */
function queueInChannel(ctx: CoreContext, broadcast: Broadcast, to: Address, notBefore: number): void {
  const outboxId = enqueueReturningId(
    ctx.db,
    {
      dedupeKey: `broadcast:${broadcast.id}:channel`,
      kind: "broadcast",
      to,
      reply: broadcastReply(ctx, broadcast, broadcast.locale),
      notBefore,
      broadcastId: broadcast.id,
    },
    ctx.clock.now(),
  );
  const session = broadcast.sessionId ? getSession(ctx.db, broadcast.sessionId) : undefined;
  if (outboxId === undefined || !session) return;
  rememberAnnouncement(ctx.db, {
    sessionId: session.id,
    to,
    locale: broadcast.locale,
    outboxId,
    shown: placesShown(session),
  });
}

function queueToMembers(ctx: CoreContext, broadcast: Broadcast, notBefore: number): void {
  // One rendering per language, not per recipient.
  const replies = new Map<Locale, Reply>();
  const replyIn = (locale: Locale): Reply => {
    let reply = replies.get(locale);
    if (!reply) {
      reply = broadcastReply(ctx, broadcast, locale);
      replies.set(locale, reply);
    }
    return reply;
  };
  const { members, optedOut } = broadcastRecipients(ctx.db, broadcast);
  for (const member of members) {
    const locale = memberLocale(member, ctx.config);
    sendUnsolicited(
      ctx.db,
      member.id,
      locale,
      replyIn(locale),
      (reply) =>
        enqueueNudge(
          ctx,
          {
            dedupeKey: `broadcast:${broadcast.id}:${member.id}`,
            kind: "broadcast",
            to: memberAddress(member),
            memberId: member.id,
            reply,
            notBefore,
            broadcastId: broadcast.id,
          },
          { urgent: broadcast.urgent },
        ) === "queued",
    );
  }
  recordBroadcastOptOuts(ctx.db, broadcast.id, optedOut);
}
