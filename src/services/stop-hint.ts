import type { Locale, Reply } from "../contract.js";
import { markToldHowToStop, needsStopHint } from "../domain/consent.js";
import { consentTexts } from "../i18n/consent-texts.js";
import type { Db } from "../storage/db.js";

// The first message a member gets without having written first says, in one line, how to stop.

function withStopHint(reply: Reply, locale: Locale): Reply {
  const line = consentTexts(locale).stopHint;
  return {
    ...reply,
    text: `${reply.text}\n\n${line}`,
    ...(reply.blocks ? { blocks: [...reply.blocks, { kind: "text", text: line }] } : {}),
  };
}

/**
 * Queues a broadcast, poll or survey message with `send`, which says whether it will go out (not a duplicate, not
 * capped). The first one to a member who never wrote carries the stop line, and marks them told in the caller's
 * transaction, so the line comes once.
 */
export function sendUnsolicited(
  db: Db,
  memberId: number,
  locale: Locale,
  reply: Reply,
  send: (reply: Reply) => boolean,
): boolean {
  const hint = needsStopHint(db, memberId);
  const sent = send(hint ? withStopHint(reply, locale) : reply);
  if (hint && sent) markToldHowToStop(db, memberId);
  return sent;
}
