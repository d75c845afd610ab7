import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { migrate, openDatabase, schemaVersion } from "../src/storage/db.js";
import { migrations } from "../src/storage/migrations/index.js";
import { tempDatabasePath } from "./support/driver.js";

describe("storage", () => {
  it("migrates an empty database to the latest version, each step from the one before", () => {
    const path = tempDatabasePath();
    const db = openDatabase(path, { migrate: false });
    expect(schemaVersion(db)).toBe(0);
    for (const migration of migrations) {
      expect(migrate(db, migration.version)).toBe(migration.version);
    }
    const latest = migrations.at(-1)?.version;
    expect(schemaVersion(db)).toBe(latest);
    // Applying again changes nothing.
    expect(migrate(db)).toBe(latest);
    db.close();
  });

  it("uses WAL, foreign keys and STRICT tables", () => {
    const db = openDatabase(tempDatabasePath());
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    const tables = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as {
      name: string;
      sql: string;
    }[];
    expect(tables.length).toBeGreaterThan(5);
    for (const table of tables)
      expect(table.sql, table.name).toMatch(/\)\s*(WITHOUT ROWID\s*,\s*)?STRICT(\s*,\s*WITHOUT ROWID)?\s*$/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO signups (session_id, member_id, status, seq, created_at, updated_at) VALUES ('x', 1, 'confirmed', 1, 0, 0)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it("rolls back a failing migration as a whole", () => {
    const db = new Database(":memory:");
    const failing = () =>
      db
        .transaction(() => {
          db.exec("CREATE TABLE half (x INTEGER) STRICT");
          db.exec("THIS IS NOT SQL");
        })
        .immediate();
    expect(failing).toThrow();
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
    db.close();
  });
});
