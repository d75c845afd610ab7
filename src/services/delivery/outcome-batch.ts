import { whenNotBusy } from "../../storage/busy-retry.js";
import { type Db, inTransaction } from "../../storage/db.js";

/** The most outcomes one transaction records; a burst of answers is written in a few commits, not hundreds. */
const maxBatch = 128;
/** How long the first answer of a batch waits for others to join it (kept short: the row stays in flight). */
const gatherMs = 5;

interface Waiting<T> {
  write: () => T;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/**
 * Records the platform's answers in batches: one transaction for all that arrived within a few milliseconds.
 * Until committed a row stays claimed ('sending'), so a kill -9 loses nothing: the next start re-queues it, and
 * it is sent again at most once (what was in flight). When a batch fails for one row's sake, each row is written
 * on its own, so one bad row never loses the others' answers. A busy database is waited out (another process).
 */
export class OutcomeBatch {
  private waiting: Waiting<unknown>[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly db: Db) {}

  record<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ write, resolve, reject } as Waiting<unknown>);
      if (this.waiting.length >= maxBatch) this.flushSoon(0);
      else this.flushSoon(gatherMs);
    });
  }

  private flushSoon(ms: number): void {
    if (this.timer && ms > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, ms);
  }

  private async flush(): Promise<void> {
    const batch = this.waiting.splice(0, maxBatch);
    if (this.waiting.length) this.flushSoon(0);
    if (!batch.length) return;
    let results: unknown[];
    try {
      results = await whenNotBusy(() => inTransaction(this.db, () => batch.map((entry) => entry.write())));
    } catch {
      // One row's write failed (or the database did): each on its own, so the others are kept.
      for (const entry of batch) {
        try {
          entry.resolve(await whenNotBusy(entry.write));
        } catch (error) {
          entry.reject(error);
        }
      }
      return;
    }
    for (const [i, entry] of batch.entries()) entry.resolve(results[i]);
  }
}
