import type { Locale, Reply } from "../contract.js";
import type { Broadcast } from "../domain/broadcasts.js";
import { getSession } from "../domain/sessions.js";
import { sessionBlocks } from "../views/session-blocks.js";
import { viewContext } from "../views/view-context.js";
import type { CoreContext } from "./context.js";

/** The message as a recipient sees it: the text, and the session with its sign-up button if one is attached. */
export function broadcastReply(ctx: CoreContext, broadcast: Broadcast, locale: Locale): Reply {
  const session = broadcast.sessionId ? getSession(ctx.db, broadcast.sessionId) : undefined;
  const view = viewContext(locale, ctx.config.BOT_TIMEZONE, ctx.clock.now());
  return {
    text: broadcast.text,
    blocks: [{ kind: "text", text: broadcast.text }, ...(session ? sessionBlocks(session, view) : [])],
  };
}
