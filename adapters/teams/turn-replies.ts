import type { Activity, TurnContext } from "botbuilder";
import { type FailedDelivery, isTransient } from "../../src/services/delivery/failure-kinds.js";
import { deliveryFromError } from "./errors.js";

// A reply in the turn that the connector refused transiently (502, 503, 504, 412, unreachable) is sent again a few
// times with backoff (botbuilder's own retries are off: connector-retries.ts). A 429 is not: the reply goes to the
// outbox, which waits its Retry-After in the member's tenant's lane.

/** As many as botbuilder's own 1 + 3 were, over about 5 s: a member waits for the answer. */
const attempts = 4;
const backoffMs = (attempt: number) => 250 * 4 ** attempt;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Failed = FailedDelivery;

/** Sends one activity in the turn; undefined when it went out, else the last outcome. */
export async function sendInTurn(context: TurnContext, activity: Partial<Activity>): Promise<Failed | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      await context.sendActivity(activity);
      return undefined;
    } catch (error) {
      const outcome = deliveryFromError(error);
      if (outcome.ok) return undefined;
      if (!isTransient(outcome) || outcome.reason === "rate_limited" || attempt + 1 >= attempts) return outcome;
      await sleep(backoffMs(attempt));
    }
  }
}
