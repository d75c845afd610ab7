import { forgetInAudit } from "./audit.js";
import { memberKeyOf } from "./member-key.js";
import type { PersonalDataSection } from "./personal-data.js";

const keyOf = memberKeyOf;

export const signupSection: PersonalDataSection = {
  name: "signups",
  tables: ["signups"],
  export: (db, member) =>
    db
      .prepare(
        `SELECT g.session_id, s.title, s.city, s.starts_at, g.status, g.created_at, g.updated_at
         FROM signups g JOIN sessions s ON s.id = g.session_id WHERE g.member_id = ? ORDER BY s.starts_at`,
      )
      .all(member.id),
  erase: (db, member) => db.prepare("DELETE FROM signups WHERE member_id = ?").run(member.id).changes,
  expire: (db, cutoff) => {
    // Past sessions keep their counts; the rows that say who came go.
    db.prepare(
      `INSERT OR IGNORE INTO session_totals (session_id, confirmed, waitlisted, cancelled, attended, recorded_at)
       SELECT s.id,
         (SELECT count(*) FROM signups g WHERE g.session_id = s.id AND g.status = 'confirmed'),
         (SELECT count(*) FROM signups g WHERE g.session_id = s.id AND g.status = 'waitlisted'),
         (SELECT count(*) FROM signups g WHERE g.session_id = s.id AND g.status = 'cancelled'),
         (SELECT count(*) FROM attendance a WHERE a.session_id = s.id AND a.attended = 1),
         ?
       FROM sessions s WHERE s.ends_at < ?`,
    ).run(cutoff, cutoff);
    return db.prepare("DELETE FROM signups WHERE session_id IN (SELECT id FROM sessions WHERE ends_at < ?)").run(cutoff)
      .changes;
  },
};

interface DeliveryExportRow {
  kind: string;
  status: string;
  created_at: number;
  sent_at: number | null;
  failure: string | null;
  payload: string;
}

/** Messages to the member: contents and addresses (a message id may hold the DM conversation) go; the row stays a count. */
export const outboxSection: PersonalDataSection = {
  name: "deliveries",
  tables: ["outbox"],
  export: (db, member) =>
    db
      .prepare<[number], DeliveryExportRow>(
        "SELECT kind, status, created_at, sent_at, failure, payload FROM outbox WHERE member_id = ? ORDER BY id",
      )
      .all(member.id)
      .map(({ payload, ...rest }) => {
        return { ...rest, text: (JSON.parse(payload) as { text?: string }).text ?? "" };
      }),
  erase: (db, member) =>
    db
      .prepare(
        `UPDATE outbox SET member_id = NULL, conversation = '', payload = '{}', failure = NULL, message_id = NULL,
           status = CASE status WHEN 'pending' THEN 'failed' ELSE status END,
           dedupe_key = 'erased:' || id
         WHERE member_id = ? OR conversation IN (?, ?)`,
      )
      .run(member.id, member.userId, member.dmConversation ?? member.userId).changes,
  expire: (db, cutoff) =>
    db
      .prepare(
        `UPDATE outbox SET member_id = NULL, conversation = '', payload = '{}', failure = NULL, message_id = NULL,
           dedupe_key = 'expired:' || id
         WHERE created_at < ? AND status IN ('sent', 'failed') AND payload <> '{}'`,
      )
      .run(cutoff).changes,
};

export const conversationSection: PersonalDataSection = {
  name: "conversation references",
  tables: ["conversation_refs"],
  export: (db, member) =>
    db
      .prepare("SELECT platform, conversation, updated_at FROM conversation_refs WHERE platform = ? AND user_id = ?")
      .all(member.platform, member.userId),
  erase: (db, member) =>
    db
      .prepare("DELETE FROM conversation_refs WHERE platform = ? AND (user_id = ? OR conversation = ?)")
      .run(member.platform, member.userId, member.dmConversation ?? member.userId).changes,
};

export const organiserSection: PersonalDataSection = {
  name: "organiser role and actions",
  tables: ["organisers", "audit_log"],
  export: (db, member) => [
    ...db.prepare("SELECT 'organiser' AS kind, added_at FROM organisers WHERE member_id = ?").all(member.id),
    ...db.prepare("SELECT 'action' AS kind, at, action, subject FROM audit_log WHERE member_id = ?").all(member.id),
  ],
  erase: (db, member) =>
    db.prepare("DELETE FROM organisers WHERE member_id = ?").run(member.id).changes +
    db.prepare("UPDATE audit_log SET member_id = NULL WHERE member_id = ?").run(member.id).changes +
    // As actor, as subject, or named in a detail (`session.leader` names the member linked).
    forgetInAudit(db, [keyOf(member), member.userId, member.dmConversation ?? ""]),
};

/** The member row itself goes last. */
export const profileSection: PersonalDataSection = {
  name: "profile",
  // A pending link code goes with its identity (ON DELETE CASCADE), the identities with the member.
  tables: ["members", "identities", "link_codes"],
  // One row per identity (each way to reach them), with the person's profile; never the e-mail hash itself.
  export: (db, member) =>
    db
      .prepare(
        `SELECT i.platform, i.workspace, i.user_id, i.reachable, i.last_seen_at, i.in_directory, i.guest, i.left_at,
           i.linked_by, i.email_hash IS NOT NULL AS email_hash_stored, m.roster_name, m.role, m.locale,
           m.preferred_platform, m.opted_out_at, m.created_at
         FROM members m JOIN identities i ON i.member_id = m.id WHERE m.id = ? ORDER BY i.id`,
      )
      .all(member.id),
  erase: (db, member) => db.prepare("DELETE FROM members WHERE id = ?").run(member.id).changes,
};

export const leaderSection: PersonalDataSection = {
  name: "sessions led",
  tables: ["session_leaders"],
  export: (db, member) =>
    db.prepare("SELECT session_id, linked_at FROM session_leaders WHERE member_id = ?").all(member.id),
  erase: (db, member) => db.prepare("DELETE FROM session_leaders WHERE member_id = ?").run(member.id).changes,
};

export const attendanceSection: PersonalDataSection = {
  name: "attendance",
  tables: ["attendance"],
  export: (db, member) =>
    db.prepare("SELECT session_id, attended, marked_at FROM attendance WHERE member_id = ?").all(member.id),
  erase: (db, member) => db.prepare("DELETE FROM attendance WHERE member_id = ?").run(member.id).changes,
  // The count is kept in session_totals by the sign-up section, which runs first.
  expire: (db, cutoff) =>
    db.prepare("DELETE FROM attendance WHERE session_id IN (SELECT id FROM sessions WHERE ends_at < ?)").run(cutoff)
      .changes,
};
