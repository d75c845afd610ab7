import type { Db } from "./db.js";
import { statement } from "./statements.js";

/** Records an inbound event id; false when it was seen before (a platform retry), so its side effects are skipped. */
export function claimEvent(db: Db, key: string, now: number): boolean {
  return statement(db, "INSERT OR IGNORE INTO processed_events (key, seen_at) VALUES (?, ?)").run(key, now).changes > 0;
}

/** Forgets event ids older than the platforms' retry windows. */
export function pruneEvents(db: Db, olderThan: number): number {
  return statement(db, "DELETE FROM processed_events WHERE seen_at < ?").run(olderThan).changes;
}
