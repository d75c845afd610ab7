import { z } from "zod";

const count = (fallback: number, max: number) =>
  z.coerce.number().int().min(1, `must be 1-${max}`).max(max, `must be 1-${max}`).default(fallback);

/**
 * Settings of the delivery engine and the scheduler; merged into the core settings (src/config.ts). A platform's
 * rates are its adapter's settings: the adapter declares them in its profile.
 */
export const deliveryConfigShape = {
  /** Messages sent at once per workspace; also the most a crash can duplicate there. */
  DELIVERY_MAX_IN_FLIGHT: count(16, 1000),
  DELIVERY_MAX_ATTEMPTS: count(8, 100),
  DELIVERY_RETRY_BASE_MS: z.coerce.number().int().min(1).default(2_000),
  DELIVERY_RETRY_MAX_MS: z.coerce.number().int().min(1).default(300_000),
  /** Nudges (reminders, polls, non-urgent broadcasts) per member per week. */
  NUDGES_PER_WEEK: count(3, 100),
  /** Session reminders go this many hours before the start, moved back into the send window. */
  REMINDER_HOURS_BEFORE: z.coerce
    .number()
    .positive()
    .max(24 * 14, "must be at most two weeks")
    .default(24),
};
