import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";

/** Records an organiser's or leader's action. `detail` names things (ids, counts), never message contents. */
export function audit(
  db: Db,
  entry: { actor: string; action: string; subject?: string; detail?: string },
  now: number,
): void {
  statement(db, "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)").run(
    now,
    entry.actor,
    entry.action,
    entry.subject ?? null,
    entry.detail ?? null,
  );
}

export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  subject: string | null;
  detail: string | null;
}

export function auditEntries(db: Db, limit = 100): AuditEntry[] {
  return statement(db, "SELECT at, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT ?").all(
    limit,
  ) as AuditEntry[];
}
