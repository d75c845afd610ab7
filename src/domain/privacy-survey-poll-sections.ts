import type { PersonalDataSection } from "./personal-data.js";

export const surveySection: PersonalDataSection = {
  name: "surveys",
  tables: ["survey_recipients"],
  export: (db, member) =>
    db
      .prepare(
        `SELECT c.title, r.state, r.snoozed_until, r.reminders_sent FROM survey_recipients r
         JOIN survey_campaigns c ON c.id = r.campaign_id WHERE r.member_id = ? ORDER BY c.id`,
      )
      .all(member.id),
  erase: (db, member) => db.prepare("DELETE FROM survey_recipients WHERE member_id = ?").run(member.id).changes,
  expire: (db, cutoff) => {
    db.prepare(
      `INSERT OR IGNORE INTO campaign_totals (campaign_id, invited, completed, opted_out, recorded_at)
       SELECT c.id, (SELECT count(*) FROM survey_recipients r WHERE r.campaign_id = c.id),
         (SELECT count(*) FROM survey_recipients r WHERE r.campaign_id = c.id AND r.state = 'completed'),
         (SELECT count(*) FROM survey_recipients r WHERE r.campaign_id = c.id AND r.state = 'opted_out'), ?
       FROM survey_campaigns c WHERE c.status = 'closed' AND c.closes_at < ?`,
    ).run(cutoff, cutoff);
    return db
      .prepare(
        `DELETE FROM survey_recipients WHERE campaign_id IN
           (SELECT id FROM survey_campaigns WHERE status = 'closed' AND closes_at < ?)`,
      )
      .run(cutoff).changes;
  },
};

/** Named answers and the fact of having answered; anonymous tallies name nobody and stay. */
export const pollSection: PersonalDataSection = {
  name: "polls",
  tables: ["poll_participants", "poll_answers"],
  export: (db, member) => [
    ...db
      .prepare(
        `SELECT p.question, a.choices, a.answered_at FROM poll_answers a JOIN poll_rounds r ON r.id = a.round_id
         JOIN polls p ON p.id = r.poll_id WHERE a.member_id = ?`,
      )
      .all(member.id),
    ...db
      .prepare(
        `SELECT p.question, 'answered (anonymous)' AS choices FROM poll_participants x
         JOIN poll_rounds r ON r.id = x.round_id JOIN polls p ON p.id = r.poll_id
         WHERE x.member_id = ? AND p.anonymous = 1`,
      )
      .all(member.id),
  ],
  erase: (db, member) =>
    db.prepare("DELETE FROM poll_answers WHERE member_id = ?").run(member.id).changes +
    db.prepare("DELETE FROM poll_participants WHERE member_id = ?").run(member.id).changes,
  expire: (db, cutoff) => {
    const closed = "SELECT id FROM poll_rounds WHERE status = 'closed' AND closes_at < ?";
    return (
      db.prepare(`DELETE FROM poll_answers WHERE round_id IN (${closed})`).run(cutoff).changes +
      db.prepare(`DELETE FROM poll_participants WHERE round_id IN (${closed})`).run(cutoff).changes
    );
  },
};

/** Broadcasts, campaigns, polls and consultation rounds name the organiser who made them. */
export const authorSection: PersonalDataSection = {
  name: "broadcasts, campaigns, polls and consultations created",
  tables: ["broadcasts", "survey_campaigns", "polls", "consultations"],
  export: (db, member) => [
    ...db
      .prepare("SELECT 'broadcast' AS kind, text AS title, created_at FROM broadcasts WHERE created_by = ?")
      .all(member.id),
    ...db
      .prepare("SELECT 'survey' AS kind, title, created_at FROM survey_campaigns WHERE created_by = ?")
      .all(member.id),
    ...db
      .prepare("SELECT 'poll' AS kind, question AS title, created_at FROM polls WHERE created_by = ?")
      .all(member.id),
    ...db
      .prepare("SELECT 'consultation' AS kind, title, created_at FROM consultations WHERE created_by = ?")
      .all(member.id),
  ],
  // What they made stays (others answered it); who made it goes.
  erase: (db, member) =>
    db.prepare("UPDATE broadcasts SET created_by = NULL WHERE created_by = ?").run(member.id).changes +
    db.prepare("UPDATE survey_campaigns SET created_by = NULL WHERE created_by = ?").run(member.id).changes +
    db.prepare("UPDATE polls SET created_by = NULL WHERE created_by = ?").run(member.id).changes +
    db.prepare("UPDATE consultations SET created_by = NULL WHERE created_by = ?").run(member.id).changes,
  // A broadcast's text is kept for resends; past the retention period only that it was sent remains.
  expire: (db, cutoff) =>
    db.prepare("UPDATE broadcasts SET text = '' WHERE coalesce(queued_at, created_at) < ? AND text <> ''").run(cutoff)
      .changes,
};
