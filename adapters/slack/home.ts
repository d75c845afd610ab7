import type { webApi } from "@slack/bolt";
import type { Core } from "../../src/core.js";
import { ActionIds } from "../../src/views/action-ids.js";
import { renderHome } from "./render.js";

/** Publishes the App Home tab: the upcoming sessions with places left, then the member's own sign-ups. */
export async function publishHome(client: webApi.WebClient, core: Core, user: string): Promise<void> {
  const from = { platform: "slack" as const, conversation: user, user };
  const sessions = core.handle({ kind: "action", actionId: ActionIds.sessionsList, from });
  const mine = core.handle({ kind: "action", actionId: ActionIds.mine, from });
  await client.views.publish({ user_id: user, view: renderHome([...sessions, ...mine]) });
}
