import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";

// The dashboard's sign-in links and browser sessions, stored by the SHA-256 of their random tokens (the caller
// hashes). A link is taken once; expired rows are swept when new ones are made.

export type DashboardScope = "organiser" | "leader";

export interface DashboardSessionRow {
  member_id: number;
  scope: DashboardScope;
  csrf: string;
  created_at: number;
  expires_at: number;
}

export function insertDashboardLink(
  db: Db,
  link: { tokenHash: string; memberId: number; scope: DashboardScope; now: number; expiresAt: number },
): void {
  statement(db, "DELETE FROM dashboard_links WHERE expires_at < ?").run(link.now - keepExpiredMs);
  statement(
    db,
    "INSERT INTO dashboard_links (token_hash, member_id, scope, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
  ).run(link.tokenHash, link.memberId, link.scope, link.now, link.expiresAt);
}

export type LinkTake =
  | { kind: "taken"; memberId: number; scope: DashboardScope }
  | { kind: "unknown" | "expired" | "used" };

interface LinkRow {
  member_id: number;
  scope: DashboardScope;
  expires_at: number;
  used_at: number | null;
}

/** Expired links stay this long, so opening one late says "expired" rather than "unknown". */
const keepExpiredMs = 86_400_000;

/** Takes the link once: of two concurrent opens only one gets "taken". */
export function takeDashboardLink(db: Db, tokenHash: string, now: number): LinkTake {
  const row = statement<[string], LinkRow>(
    db,
    "SELECT member_id, scope, expires_at, used_at FROM dashboard_links WHERE token_hash = ?",
  ).get(tokenHash);
  if (!row) return { kind: "unknown" };
  if (row.used_at !== null) return { kind: "used" };
  if (row.expires_at < now) return { kind: "expired" };
  const taken = statement(db, "UPDATE dashboard_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL").run(
    now,
    tokenHash,
  ).changes;
  return taken ? { kind: "taken", memberId: row.member_id, scope: row.scope } : { kind: "used" };
}

export function insertDashboardSession(
  db: Db,
  session: { idHash: string; memberId: number; scope: DashboardScope; csrf: string; now: number; expiresAt: number },
): void {
  statement(db, "DELETE FROM dashboard_sessions WHERE expires_at < ?").run(session.now);
  statement(
    db,
    `INSERT INTO dashboard_sessions (id_hash, member_id, scope, csrf, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(session.idHash, session.memberId, session.scope, session.csrf, session.now, session.expiresAt);
}

/** A session not yet expired. */
export function findDashboardSession(db: Db, idHash: string, now: number): DashboardSessionRow | undefined {
  return statement<[string, number], DashboardSessionRow>(
    db,
    "SELECT member_id, scope, csrf, created_at, expires_at FROM dashboard_sessions WHERE id_hash = ? AND expires_at >= ?",
  ).get(idHash, now);
}

export function deleteDashboardSession(db: Db, idHash: string): boolean {
  return statement(db, "DELETE FROM dashboard_sessions WHERE id_hash = ?").run(idHash).changes > 0;
}
