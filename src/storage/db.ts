import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { openFailure } from "./db-errors.js";
import { migrations } from "./migrations/index.js";

export type Db = Database.Database;

export interface OpenOptions {
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /**
   * How long a statement waits for another process's write lock, blocking the event loop meanwhile (default 15 s,
   * fine for the CLI). The bot passes a short one and answers "try again" instead. Opening always waits 15 s.
   */
  busyTimeoutMs?: number;
}

const openingBusyTimeoutMs = 15_000;

/** Opens (and creates) the database: WAL, foreign keys on, migrations applied. A bad file gives one clear line. */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  let db: Db | undefined;
  try {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { timeout: openingBusyTimeoutMs });
    db.pragma("journal_mode = WAL");
    db.pragma("foreign_keys = ON");
    db.pragma("synchronous = NORMAL");
    if (options.migrate !== false) migrate(db);
  } catch (error) {
    db?.close();
    throw openFailure(path, error);
  }
  if (options.busyTimeoutMs !== undefined)
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/** Applies each pending migration in its own transaction; `target` stops early (for migration tests). */
export function migrate(db: Db, target = Number.POSITIVE_INFINITY): number {
  for (const migration of migrations) {
    if (migration.version > target) break;
    const apply = db.transaction(() => {
      // Re-read inside the write lock: another process may have migrated meanwhile.
      if (schemaVersion(db) >= migration.version) return;
      db.exec(migration.sql);
      if (migration.rebuildsTables && (db.pragma("foreign_key_check") as unknown[]).length > 0)
        throw new Error(`migration ${migration.version} left rows pointing nowhere`);
      db.pragma(`user_version = ${migration.version}`);
    });
    // SQLite's table rebuild: the pragma is ignored inside a transaction, and dropping the old table must not
    // cascade to the rows that refer to it.
    if (migration.rebuildsTables) db.pragma("foreign_keys = OFF");
    try {
      apply.immediate();
    } finally {
      if (migration.rebuildsTables) db.pragma("foreign_keys = ON");
    }
  }
  return schemaVersion(db);
}

type Runner = (fn: () => unknown) => unknown;

/** One transaction wrapper per connection: `db.transaction` builds four wrappers each call, on every turn. */
const runners = new WeakMap<Db, Runner>();

/** Runs `fn` in an immediate (write-locking) transaction: the unit of every multi-step write. */
export function inTransaction<T>(db: Db, fn: () => T): T {
  let run = runners.get(db);
  if (!run) {
    run = db.transaction((work: () => unknown) => work()).immediate as Runner;
    runners.set(db, run);
  }
  // Nested calls become savepoints, as with a wrapper per call.
  return run(fn) as T;
}

/**
 * An immediate transaction around asynchronous work (better-sqlite3's own are synchronous): only for a connection
 * nothing else uses meanwhile. Commits when `keep` accepts the result, else rolls back; a throw rolls back.
 */
export async function inAsyncTransaction<T>(db: Db, work: () => Promise<T>, keep: (result: T) => boolean): Promise<T> {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = await work();
    db.exec(keep(result) ? "COMMIT" : "ROLLBACK");
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    throw error;
  }
}
