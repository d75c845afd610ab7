import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import { type Actor, memberIdOfActor } from "../types.js";

/** Records an organiser's or leader's action. `detail` names things (ids, counts), never message contents. */
export function audit(
  db: Db,
  entry: { actor: Actor; action: string; subject?: string; detail?: string },
  now: number,
): void {
  const memberId = memberIdOfActor(entry.actor);
  statement(db, "INSERT INTO audit_log (at, member_id, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?)").run(
    now,
    memberId,
    memberId === null ? String(entry.actor) : "member",
    entry.action,
    entry.subject ?? null,
    entry.detail ?? null,
  );
}

export interface AuditEntry {
  at: number;
  /** A member by their first identity's `platform:userId` ("erased" once erased), or the non-person. */
  actor: string;
  action: string;
  subject: string | null;
  detail: string | null;
}

export function auditEntries(db: Db, limit = 100): AuditEntry[] {
  return statement<[number], AuditEntry>(
    db,
    `SELECT a.at, coalesce((SELECT i.platform || ':' || i.user_id FROM identities i WHERE i.member_id = a.member_id
         ORDER BY i.id LIMIT 1), CASE a.actor WHEN 'member' THEN 'erased' ELSE a.actor END) AS actor,
       a.action, a.subject, a.detail
     FROM audit_log a ORDER BY a.id DESC LIMIT ?`,
  ).all(limit);
}

interface AuditFieldsRow {
  id: number;
  actor: string;
  subject: string | null;
  detail: string | null;
}

/** `needle` as a whole id in `text`: not the start of a longer id (`U1` in `U12`), as a key's part (`slack:U1`) yes. */
function names(text: string | null, needle: string): boolean {
  if (!text || !needle) return false;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    const before = text[at - 1] ?? "";
    const after = text[at + needle.length] ?? "";
    if (!/[A-Za-z0-9_-]/.test(before) && !/[A-Za-z0-9_-]/.test(after)) return true;
  }
  return false;
}

/**
 * Erasure: every field of the log that names one of `ids` (a member key, user id or conversation) becomes
 * 'erased', so the log still says what was done, not by or to whom. Returns the rows changed.
 */
export function forgetInAudit(db: Db, ids: string[]): number {
  const wanted = ids.filter(Boolean);
  if (!wanted.length) return 0;
  const hit = wanted.map(() => "instr(actor, ?) > 0 OR instr(subject, ?) > 0 OR instr(detail, ?) > 0").join(" OR ");
  const rows = db
    .prepare<string[], AuditFieldsRow>(`SELECT id, actor, subject, detail FROM audit_log WHERE ${hit}`)
    .all(...wanted.flatMap((id) => [id, id, id]));
  const update = db.prepare("UPDATE audit_log SET actor = ?, subject = ?, detail = ? WHERE id = ?");
  let changed = 0;
  for (const row of rows) {
    const scrub = <T extends string | null>(field: T): T | "erased" =>
      wanted.some((id) => names(field, id)) ? "erased" : field;
    const next = { actor: scrub(row.actor), subject: scrub(row.subject), detail: scrub(row.detail) };
    if (next.actor === row.actor && next.subject === row.subject && next.detail === row.detail) continue;
    update.run(next.actor, next.subject, next.detail, row.id);
    changed++;
  }
  return changed;
}
