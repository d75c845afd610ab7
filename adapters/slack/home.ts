import type { webApi } from "@slack/bolt";
import type { From } from "../../src/contract.js";
import { ActionIds } from "../../src/views/action-ids.js";
import type { Turns } from "../core-thread/core-thread.js";
import { renderHome } from "./render.js";

/**
 * Publishes the App Home tab: the upcoming sessions with places left, then the member's own sign-ups. `from`
 * names the request's workspace, so the core refuses an account of another workspace (it reads nothing of them).
 */
export async function publishHome(client: webApi.WebClient, turns: Turns, from: From): Promise<void> {
  const { user } = from;
  const [sessions, mine] = await Promise.all([
    turns.handle({ kind: "action", actionId: ActionIds.sessionsList, from }),
    turns.handle({ kind: "action", actionId: ActionIds.mine, from }),
  ]);
  await client.views.publish({ user_id: user, view: renderHome([...sessions, ...mine]) });
}
