import type { Db } from "../storage/db.js";
import type { Member } from "../types.js";

/**
 * One kind of personal data the bot stores about a member. Every table is either covered by a section or
 * listed in `tablesWithoutPersonalData`; a test keeps it that way, so a new table cannot be forgotten.
 */
export interface PersonalDataSection {
  name: string;
  tables: string[];
  /** Everything stored about the member in these tables (for "mijn gegevens"). */
  export(db: Db, member: Member): unknown[];
  /** Removes the member's data, keeping only counts that name nobody. Returns the rows removed or anonymised. */
  erase(db: Db, member: Member): number;
  /** Removes personal data older than `cutoff` (epoch ms), keeping aggregates. */
  expire?(db: Db, cutoff: number): number;
}
