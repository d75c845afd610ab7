import type { Db } from "../storage/db.js";
import { forgetInAudit } from "./audit.js";
import { identitiesOf } from "./identities.js";
import { memberKeyOf } from "./member-key.js";
import type { PersonalDataSection } from "./personal-data.js";

// A person's identities (each Slack or Teams account, from the directory or because they wrote) and their
// `koppel` codes. Erasing the member removes them (ON DELETE CASCADE); this section counts them and goes just
// before the profile, so the sections before it still find every identity to erase by.

/** Every id a member is named by in text: `platform:userId` keys, user ids and their 1:1 conversations. */
export function identityNames(db: Db, memberId: number): string[] {
  return identitiesOf(db, memberId).flatMap((identity) => [
    memberKeyOf(identity),
    identity.userId,
    identity.dmConversation ?? "",
  ]);
}

/** The member's accounts, by platform: the user ids and 1:1 conversations its conversation references may hold. */
export function identityAddresses(db: Db, memberId: number): { platform: string; ids: string[] }[] {
  return identitiesOf(db, memberId).map((identity) => ({
    platform: identity.platform,
    ids: [identity.userId, ...(identity.dmConversation ? [identity.dmConversation] : [])],
  }));
}

export const identitySection: PersonalDataSection = {
  name: "identities",
  tables: ["identities", "link_codes"],
  // The e-mail hash is a secret's output, not the member's data to take along: only whether one is stored.
  export: (db, member) => [
    ...db
      .prepare(
        `SELECT platform, workspace, user_id, dm_conversation, reachable, in_directory, guest, left_at, last_seen_at,
           platform_locale, linked_by, auto_link, synced_at, created_at,
           CASE WHEN email_hash IS NULL THEN 'no' ELSE 'yes' END AS "e-mail hash"
         FROM identities WHERE member_id = ? ORDER BY id`,
      )
      .all(member.id),
    // A pending `koppel` code: that there is one and until when, not the code (it still works until then).
    ...db
      .prepare(
        `SELECT 'link code' AS kind, i.platform || ':' || i.user_id AS identity, l.expires_at
         FROM link_codes l JOIN identities i ON i.id = l.identity_id WHERE i.member_id = ? ORDER BY l.identity_id`,
      )
      .all(member.id),
  ],
  erase: (db, member) =>
    db
      .prepare("DELETE FROM link_codes WHERE identity_id IN (SELECT id FROM identities WHERE member_id = ?)")
      .run(member.id).changes + db.prepare("DELETE FROM identities WHERE member_id = ?").run(member.id).changes,
  // An account that left long ago, of a person still here on another one: it goes, with what names it. A person
  // all of whose accounts left is erased as a whole (services/member-data.ts, applyRetention).
  expire: (db, cutoff) => {
    const gone = db
      .prepare<[number, number], { id: number; platform: string; user_id: string; dm_conversation: string | null }>(
        `SELECT i.id, i.platform, i.user_id, i.dm_conversation FROM identities i
         WHERE i.left_at < ? AND NOT EXISTS (SELECT 1 FROM signups g WHERE g.member_id = i.member_id)
           AND EXISTS (SELECT 1 FROM identities o WHERE o.member_id = i.member_id
             AND (o.left_at IS NULL OR o.left_at >= ?))`,
      )
      .all(cutoff, cutoff);
    const dropReferences = db.prepare(
      "DELETE FROM conversation_refs WHERE platform = ? AND (user_id = ? OR conversation = ?)",
    );
    const drop = db.prepare("DELETE FROM identities WHERE id = ?");
    for (const identity of gone) {
      const dm = identity.dm_conversation ?? identity.user_id;
      dropReferences.run(identity.platform, identity.user_id, dm);
      forgetInAudit(db, [`${identity.platform}:${identity.user_id}`, identity.user_id, dm]);
      drop.run(identity.id);
    }
    return gone.length;
  },
};
