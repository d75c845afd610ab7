import { applyRetention } from "./member-data.js";
import type { PeriodicTask } from "./scheduling/periodic-task.js";

const day = 86_400_000;
let lastRun = Number.NEGATIVE_INFINITY;

/**
 * Applies the retention period once a day: sign-ups of past sessions, old messages, and the accounts and persons
 * that left the workspaces long ago (applyRetention). Idempotent, so a restart that runs it again does no harm.
 */
export const retentionTask: PeriodicTask = {
  name: "privacy.retention",
  run(ctx, now) {
    if (now - lastRun < day) return;
    lastRun = now;
    const { removed } = applyRetention(ctx);
    // Only what was removed, and nothing at all on a day (or a first start) that removed nothing.
    const counts = Object.fromEntries(Object.entries(removed).filter(([, count]) => count > 0));
    if (Object.keys(counts).length > 0) ctx.log.info({ removed: counts }, "retention applied");
  },
};
