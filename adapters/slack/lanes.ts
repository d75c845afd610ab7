import type { Logger } from "../../src/log.js";
import type { RequestGauge } from "./request-gauge.js";
import { WorkQueue } from "./work-queue.js";

// Two lanes for the work after an ack, so that a slow or hanging Web API delays only what waits on it:
// - triggers: the core, then views.open for a form, while Slack's 3-second trigger is fresh. Its clients (one per
//   workspace token, workspace-clients.ts) have their own request queue and a timeout inside the trigger's life,
//   so they never wait behind other members' calls;
// - work: every other Web API call (messages, DMs, files), each with the workspace client's timeout.

/** Every Web API call gives up after this (the outbox or a retry takes over); Slack answers in well under 1 s. */
export const webApiTimeoutMs = 5000;

export interface Lanes {
  work: WorkQueue;
  triggers: WorkQueue;
  idle(): Promise<void>;
}

export function createLanes(log: Logger, gauge?: RequestGauge): Lanes {
  // No trigger waits in the work lane (views.open has its own), so a long backlog only delays messages: let it grow
  // rather than run work inside a request and delay the acks of a burst.
  // During a burst the work lane goes one task at a time (trigger tasks do not: their 3 s are running).
  const work = new WorkQueue(log, 8, 10_000, () => gauge?.busy ?? false);
  gauge?.onQuiet(() => work.resume());
  const triggers = new WorkQueue(log, 16);
  return {
    work,
    triggers,
    // Trigger tasks hand their remaining replies to the work lane: wait for them first.
    async idle() {
      await triggers.idle();
      await work.idle();
    },
  };
}
