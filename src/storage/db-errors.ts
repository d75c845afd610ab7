import { ConfigError } from "../env.js";

// Turning a failure to open the database into one line for the operator: which file, why, what to do.

/** The database file named by DATABASE_PATH cannot be used; the message is one line, without a stack. */
class DatabaseOpenError extends ConfigError {
  override name = "DatabaseOpenError";
}

const reasons: Record<string, string> = {
  ENOTDIR: "a part of the path is a file, not a folder",
  EEXIST: "a part of the path is a file, not a folder",
  EACCES: "no permission to create or write it there",
  EPERM: "no permission to create or write it there",
  EROFS: "the file system is read-only",
  ENOSPC: "the disk is full",
  EISDIR: "it is a folder, not a file",
  SQLITE_CANTOPEN: "SQLite cannot open or create a file there (a folder, or a place that is not writable)",
  SQLITE_READONLY: "the file or its folder is read-only",
  SQLITE_PERM: "no permission to write it",
  SQLITE_NOTADB: "the file is not an SQLite database",
  SQLITE_CORRUPT: "the database file is damaged",
  SQLITE_FULL: "the disk is full",
  SQLITE_IOERR: "the disk could not be read or written",
  SQLITE_BUSY: "another process holds a write lock on it for too long",
};

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** The reason for a failure we know how to explain, or undefined (then it is a bug, and keeps its stack). */
function reasonFor(error: unknown): string | undefined {
  const code = codeOf(error);
  if (!code) return undefined;
  // SQLite's extended codes (SQLITE_READONLY_DIRECTORY, SQLITE_IOERR_WRITE, …) share their primary code's reason.
  const primary = Object.keys(reasons).find((known) => code === known || code.startsWith(`${known}_`));
  return primary ? `${reasons[primary]} (${code})` : undefined;
}

/** Wraps a known open failure of `path` into a DatabaseOpenError; anything else is returned unchanged. */
export function openFailure(path: string, error: unknown): unknown {
  const reason = reasonFor(error);
  if (!reason) return error;
  return new DatabaseOpenError(
    `DATABASE_PATH=${path}: cannot use this database file: ${reason}. ` +
      "Set DATABASE_PATH to a file in a folder the bot may write to (the folder is created).",
  );
}

/** SQLITE_BUSY or SQLITE_LOCKED (and their extended codes): another connection holds the lock; try again soon. */
export function isBusyError(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code);
}
