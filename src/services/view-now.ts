import type { Locale } from "../contract.js";
import { type ViewContext, viewContext } from "../views/view-context.js";
import type { CoreContext } from "./context.js";

/** How a message the bot sends now is drawn for a reader: their language, the bot's zone, this year there. */
export const viewNow = (ctx: CoreContext, locale: Locale): ViewContext =>
  viewContext(locale, ctx.config.BOT_TIMEZONE, ctx.clock.now());
