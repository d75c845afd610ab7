import type { Logger } from "../../src/log.js";
import type { RequestGauge } from "./request-gauge.js";
import { WorkQueue } from "./work-queue.js";

// Two lanes for the work after an ack, so that a slow or hanging Web API delays only what waits on it:
// - triggers: the core, then views.open for a form, while Slack's 3-second trigger is fresh. Its clients (one per
//   workspace token, workspace-clients.ts) have their own request queue and a timeout inside the trigger's life,
//   so they never wait behind other members' calls;
// - work: every other Web API call (messages, DMs, files), each with the workspace client's timeout.
// Both give way to the acks (work-queue.ts): while a request waits for its ack nothing starts, unless it has
// waited its lane's hold already.

/** Every Web API call gives up after this (the outbox or a retry takes over); Slack answers in well under 1 s. */
export const webApiTimeoutMs = 5000;

/**
 * The longest a click's core waits for acks: a form's views.open must still reach Slack inside the trigger's 3 s
 * (Slack answers it in well under a second); when it does not, the form is sent as a message.
 */
const triggerHoldMs = 1000;
/** Replies may wait longer: the member's answer comes a little later, never the ack. */
const workHoldMs = 2000;

export interface Lanes {
  work: WorkQueue;
  triggers: WorkQueue;
  idle(): Promise<void>;
}

export function createLanes(log: Logger, gauge?: RequestGauge): Lanes {
  const held = () => gauge?.waiting ?? false;
  const busy = () => gauge?.busy ?? false;
  // No trigger waits in the work lane (views.open has its own), so a long backlog only delays messages: let it grow
  // rather than run work inside a request and delay the acks of a burst.
  // During a burst the work lane runs two tasks at a time (trigger tasks four: their 3 s are running).
  const work = new WorkQueue(log, { concurrency: 8, max: 10_000, busy, held, holdMs: workHoldMs });
  // The hold delays a trigger task at most `triggerHoldMs` behind waiting acks; the count only guards memory (a task
  // that starts after its trigger's 3 s falls back to a message instead of a modal).
  const triggers = new WorkQueue(log, {
    concurrency: 16,
    max: 10_000,
    busy,
    burstConcurrency: 4,
    held,
    holdMs: triggerHoldMs,
  });
  gauge?.onAnswered(() => {
    triggers.resume();
    work.resume();
  });
  gauge?.onQuiet(() => work.resume());
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
