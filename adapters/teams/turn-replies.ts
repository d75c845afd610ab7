import type { Activity, TurnContext } from "botbuilder";
import type { Delivery } from "../../src/contract.js";
import { deliveryFromError } from "./errors.js";

// A reply in the turn that the connector refused transiently (502, 503, 504, 412, unreachable) is sent again a few
// times with backoff. A 429 is not: botbuilder has already retried it, so its Retry-After goes to the outbox.

const attempts = 3;
const backoffMs = (attempt: number) => 250 * 4 ** attempt;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Failed = Exclude<Delivery, { ok: true }>;

/** Worth trying again in a moment. */
export const isTransient = (outcome: Failed) =>
  outcome.reason === "rate_limited" || (outcome.reason !== "unauthorized" && outcome.retryable);

/** Worth queueing in the outbox: it may go through later (a refused token pauses the outbox until it is fixed). */
export const worthQueueing = (outcome: Failed) => outcome.reason === "unauthorized" || isTransient(outcome);

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
