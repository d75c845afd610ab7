import { readFileSync } from "node:fs";
import { parseSessionsCsv } from "../../src/domain/session-import.js";
import { countSessions } from "../../src/domain/sessions.js";
import type { CoreContext } from "../../src/services/context.js";
import { importSessions } from "../../src/services/session-service.js";

// A first run without any chat account shows something to sign up for: the example sessions, marked as examples.

/** Imports the example CSV when the database has no sessions yet; returns how many were added. */
export function loadExampleSessions(ctx: CoreContext, csvPath: string): number {
  if (countSessions(ctx.db) > 0) return 0;
  const parsed = parseSessionsCsv(readFileSync(csvPath, "utf8"), ctx.config.BOT_TIMEZONE);
  if (!parsed.ok) throw new Error(`${csvPath} is not a valid session list: ${JSON.stringify(parsed.problems)}`);
  const outcome = importSessions(ctx, parsed.sessions, parsed.lines, { isExample: true });
  if (!outcome.ok) throw new Error(`${csvPath} could not be imported: ${JSON.stringify(outcome.problems)}`);
  return outcome.summary.created;
}
