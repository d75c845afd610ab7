import { randomInt } from "node:crypto";
import { type Db, inTransaction } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import { getIdentity } from "./identities.js";
import { linkMembers } from "./linking.js";
import type { MergeOutcome } from "./member-merge.js";

// `koppel`: a one-time code for the identity that asks, typed on another identity to join the two. An identity
// that types wrong codes is stopped after a few: its tries are counted in its own link_codes row (a row without a
// code of digits when it never asked for one), for as long as that row is valid.

export const linkCodeValidMs = 10 * 60_000;
const maxFailures = 5;
/** Expired codes stay this long, so typing one late says "expired" rather than "wrong". */
const keepExpiredMs = 86_400_000;

const isLinkCode = (text: string): boolean => /^\d{6}$/.test(text);

interface CodeRow {
  identity_id: number;
  code: string;
  expires_at: number;
  failures: number;
}

/** A placeholder that no typed code (six digits) can match, for an identity that tried codes without asking one. */
const triesOnly = (identityId: number) => `tries:${identityId}`;

function codeRowOf(db: Db, identityId: number): CodeRow | undefined {
  return statement<[number], CodeRow>(db, "SELECT * FROM link_codes WHERE identity_id = ?").get(identityId);
}

/** A new code for the identity (replacing one it had); wrong tries within the running window still count. */
export function issueLinkCode(db: Db, identityId: number, now: number): string {
  return inTransaction(db, () => {
    statement(db, "DELETE FROM link_codes WHERE expires_at < ?").run(now - keepExpiredMs);
    const taken = statement<[string, number]>(db, "SELECT 1 FROM link_codes WHERE code = ? AND identity_id <> ?");
    let code: string;
    do code = String(randomInt(0, 1_000_000)).padStart(6, "0");
    while (taken.get(code, identityId));
    statement(
      db,
      `INSERT INTO link_codes (identity_id, code, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (identity_id) DO UPDATE SET code = excluded.code, expires_at = excluded.expires_at,
         failures = CASE WHEN link_codes.expires_at > ? THEN link_codes.failures ELSE 0 END`,
    ).run(identityId, code, now + linkCodeValidMs, now);
    return code;
  });
}

export type RedeemOutcome =
  | { kind: "linked"; merge: MergeOutcome }
  | { kind: "wrong" | "expired" | "same_member" | "locked" | "unknown" };

/** A wrong (or expired, or used) code typed: counted against the identity that typed it. */
function countFailure(db: Db, identityId: number, now: number): void {
  const own = codeRowOf(db, identityId);
  if (own && own.expires_at > now) {
    statement(db, "UPDATE link_codes SET failures = failures + 1 WHERE identity_id = ?").run(identityId);
    return;
  }
  // No window running: a new one, with no valid code in it.
  statement(
    db,
    `INSERT INTO link_codes (identity_id, code, expires_at, failures) VALUES (?, ?, ?, 1)
     ON CONFLICT (identity_id) DO UPDATE SET code = excluded.code, expires_at = excluded.expires_at, failures = 1`,
  ).run(identityId, triesOnly(identityId), now + linkCodeValidMs);
}

/**
 * `koppel 123456` typed on `typingIdentityId`: joins its member and the member of the identity the code is for.
 * A code works once; a wrong, expired or used one counts as a try, and after five the identity must wait.
 */
export function redeemLinkCode(db: Db, typingIdentityId: number, code: string, now: number): RedeemOutcome {
  return inTransaction(db, (): RedeemOutcome => {
    const typing = getIdentity(db, typingIdentityId);
    if (!typing) return { kind: "unknown" };
    const own = codeRowOf(db, typingIdentityId);
    if (own && own.expires_at > now && own.failures >= maxFailures) return { kind: "locked" };
    const row = isLinkCode(code)
      ? statement<[string], CodeRow>(db, "SELECT * FROM link_codes WHERE code = ?").get(code)
      : undefined;
    const owner = row && getIdentity(db, row.identity_id);
    if (!row || !owner || row.expires_at <= now) {
      countFailure(db, typingIdentityId, now);
      return { kind: row && owner ? "expired" : "wrong" };
    }
    if (owner.memberId === typing.memberId) return { kind: "same_member" };
    statement(db, "DELETE FROM link_codes WHERE identity_id = ?").run(owner.id);
    return { kind: "linked", merge: linkMembers(db, owner.memberId, typing.memberId, "code", now) };
  });
}
