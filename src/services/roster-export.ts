import { stringify } from "csv-stringify/sync";
import { roster } from "../domain/signups.js";
import type { Db } from "../storage/db.js";

/** The roster for the session leader as CSV or JSON: name, role, status, place, signed up at (ISO, UTC). */
export function exportRoster(db: Db, sessionId: string, format: "csv" | "json"): string {
  const rows = roster(db, sessionId).map((entry) => ({
    name: entry.rosterName,
    role: entry.role,
    status: entry.status,
    position: entry.position,
    signed_up_at: new Date(entry.signedUpAt).toISOString(),
  }));
  if (format === "json") return `${JSON.stringify(rows, null, 2)}\n`;
  return stringify(rows, { header: true, columns: ["name", "role", "status", "position", "signed_up_at"] });
}
