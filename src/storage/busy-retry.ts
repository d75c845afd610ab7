import { isBusyError } from "./db-errors.js";

// Background work (recording a delivery) must not be dropped because another process held the write lock for a
// moment, nor wait for it synchronously: it tries again later, leaving the event loop free meanwhile.

export interface BusyRetryOptions {
  /** Pause between attempts (ms). */
  delayMs?: number;
  /** Give up (and throw the busy error) after waiting this long in total (ms). */
  maxWaitMs?: number;
}

/** Runs `fn`; while it fails with SQLITE_BUSY/SQLITE_LOCKED, runs it again after a pause. */
export async function whenNotBusy<T>(fn: () => T, options: BusyRetryOptions = {}): Promise<T> {
  const delayMs = options.delayMs ?? 250;
  const maxWaitMs = options.maxWaitMs ?? 10 * 60_000;
  let waited = 0;
  for (;;) {
    try {
      return fn();
    } catch (error) {
      if (!isBusyError(error) || waited >= maxWaitMs) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    waited += delayMs;
  }
}
