import type { PersonalDataSection } from "./personal-data.js";

// Consultation rounds (issue 19). Who took part is personal in every round; what they wrote only in a named one:
// an anonymous reaction names nobody (migration 016) and stays after erasure and the retention period, as poll
// tallies do. The rounds and their tasks name nobody; their creator is in the authors' section.

/** Rounds closed before the cutoff (the retention period runs from the close). */
const closedBefore = "SELECT id FROM consultations WHERE status = 'closed' AND closed_at < ?";

/** That a member took part in a round, and how far (never what they wrote, nor when). */
export const consultationParticipantSection: PersonalDataSection = {
  name: "consultations",
  tables: ["consultation_participants"],
  export: (db, member) =>
    db
      .prepare(
        `SELECT c.title, p.state, c.anonymous FROM consultation_participants p
         JOIN consultations c ON c.id = p.consultation_id WHERE p.member_id = ? ORDER BY c.id`,
      )
      .all(member.id),
  erase: (db, member) => db.prepare("DELETE FROM consultation_participants WHERE member_id = ?").run(member.id).changes,
  expire: (db, cutoff) =>
    db.prepare(`DELETE FROM consultation_participants WHERE consultation_id IN (${closedBefore})`).run(cutoff).changes,
};

/** Named reactions: the member's own texts. */
export const consultationReactionSection: PersonalDataSection = {
  name: "consultation reactions",
  tables: ["consultation_reactions"],
  export: (db, member) =>
    db
      .prepare(
        `SELECT c.title, r.status, r.answers, r.updated_at, r.submitted_at FROM consultation_reactions r
         JOIN consultations c ON c.id = r.consultation_id WHERE r.member_id = ? ORDER BY c.id`,
      )
      .all(member.id),
  erase: (db, member) => db.prepare("DELETE FROM consultation_reactions WHERE member_id = ?").run(member.id).changes,
  // Past the period the texts stay for the working groups, but as anonymous ones: no member, no times. The CHECK
  // wants a token hash instead of the member: a random one, which no card's key opens.
  expire: (db, cutoff) =>
    db
      .prepare(
        `UPDATE consultation_reactions SET member_id = NULL, token_hash = lower(hex(randomblob(32))),
           updated_at = NULL, submitted_at = NULL
         WHERE member_id IS NOT NULL AND consultation_id IN (${closedBefore})`,
      )
      .run(cutoff).changes,
};
