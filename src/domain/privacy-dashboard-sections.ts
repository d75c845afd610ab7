import type { PersonalDataSection } from "./personal-data.js";

// The dashboard's sign-in links and browser sessions of an organiser or leader. Only hashes of the tokens are
// stored; the export shows when and for what, never a hash (a copy would name the browser session).

export const dashboardSection: PersonalDataSection = {
  name: "dashboard sign-ins",
  tables: ["dashboard_links", "dashboard_sessions"],
  export: (db, member) => [
    ...db
      .prepare(
        `SELECT 'sign-in link' AS kind, scope, created_at, expires_at, used_at
         FROM dashboard_links WHERE member_id = ? ORDER BY created_at`,
      )
      .all(member.id),
    ...db
      .prepare(
        `SELECT 'browser session' AS kind, scope, created_at, expires_at
         FROM dashboard_sessions WHERE member_id = ? ORDER BY created_at`,
      )
      .all(member.id),
  ],
  erase: (db, member) =>
    db.prepare("DELETE FROM dashboard_links WHERE member_id = ?").run(member.id).changes +
    db.prepare("DELETE FROM dashboard_sessions WHERE member_id = ?").run(member.id).changes,
  // Links and sessions are worthless once expired: nothing of them is kept past the retention.
  expire: (db, cutoff) =>
    db.prepare("DELETE FROM dashboard_links WHERE expires_at < ?").run(cutoff).changes +
    db.prepare("DELETE FROM dashboard_sessions WHERE expires_at < ?").run(cutoff).changes,
};
