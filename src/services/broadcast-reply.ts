import type { Locale, Reply } from "../contract.js";
import type { Broadcast } from "../domain/broadcasts.js";
import { getSession } from "../domain/sessions.js";
import { sessionBlocks } from "../views/session-blocks.js";
import type { CoreContext } from "./context.js";
import { viewNow } from "./view-now.js";

/** The message as a recipient sees it: the text, and the session with its sign-up button if one is attached. */
export function broadcastReply(ctx: CoreContext, broadcast: Broadcast, locale: Locale): Reply {
  const session = broadcast.sessionId ? getSession(ctx.db, broadcast.sessionId) : undefined;
  const view = viewNow(ctx, locale);
  return {
    text: broadcast.text,
    blocks: [{ kind: "text", text: broadcast.text }, ...(session ? sessionBlocks(session, view) : [])],
  };
}
