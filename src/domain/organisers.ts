import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import { formatMemberKey, type MemberKey } from "./member-key.js";

export function addOrganiser(db: Db, key: MemberKey, now: number): boolean {
  return (
    statement(db, "INSERT OR IGNORE INTO organisers (platform, user_id, added_at) VALUES (?, ?, ?)").run(
      key.platform,
      key.userId,
      now,
    ).changes > 0
  );
}

export function removeOrganiser(db: Db, key: MemberKey): boolean {
  return (
    statement(db, "DELETE FROM organisers WHERE platform = ? AND user_id = ?").run(key.platform, key.userId).changes > 0
  );
}

interface OrganiserRow {
  platform: MemberKey["platform"];
  user_id: string;
}

export function listOrganisers(db: Db): string[] {
  const rows = statement<[], OrganiserRow>(
    db,
    "SELECT platform, user_id FROM organisers ORDER BY platform, user_id",
  ).all();
  return rows.map((row) => formatMemberKey({ platform: row.platform, userId: row.user_id }));
}

/** Organisers come from the ORGANISERS setting and from the database (managed with the CLI). */
export function isOrganiser(db: Db, configured: readonly string[], key: MemberKey): boolean {
  if (configured.includes(formatMemberKey(key))) return true;
  return (
    statement(db, "SELECT 1 FROM organisers WHERE platform = ? AND user_id = ?").get(key.platform, key.userId) !==
    undefined
  );
}
