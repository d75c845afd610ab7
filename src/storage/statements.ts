import type { Statement } from "better-sqlite3";
import type { Db } from "./db.js";

const cache = new WeakMap<Db, Map<string, Statement>>();

/**
 * A prepared statement, compiled once per connection: for queries run once per recipient of a broadcast.
 * `Params` are the bound values, `Row` what one result row holds (as `db.prepare<Params, Row>`).
 */
export function statement<Params extends unknown[] = unknown[], Row = unknown>(
  db: Db,
  sql: string,
): Statement<Params, Row> {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  let prepared = statements.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    statements.set(sql, prepared);
  }
  // The cache holds statements of every shape; the SQL text is what fixes this one's.
  return prepared as Statement<Params, Row>;
}
