import type { Delivery } from "../../contract.js";

// What a failed reply to a member's own action is worth: the same rules for every adapter.

export type FailedDelivery = Exclude<Delivery, { ok: true }>;

/** Worth trying again in a moment. */
export const isTransient = (outcome: FailedDelivery) =>
  outcome.reason === "rate_limited" || (outcome.reason !== "unauthorized" && outcome.retryable);

/** Worth queueing in the outbox: it may go through later (a refused token pauses the outbox until it is fixed). */
export const worthQueueing = (outcome: FailedDelivery) => outcome.reason === "unauthorized" || isTransient(outcome);
