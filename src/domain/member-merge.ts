import { type Db, inTransaction } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import { promoteWaitlist } from "./signups.js";

// Two members found to be one person (`koppel`, or the same e-mail on two platforms) become one: every row that
// names the absorbed member names the kept one, clashes are settled, and the absorbed member is deleted.

/**
 * Every column that refers to a member, and so every column a merge moves. tests/member-merge.test.ts compares
 * it with the schema's foreign keys to members: a new table that names a member fails until it is handled here.
 */
export const mergedMemberColumns = [
  "identities.member_id",
  "signups.member_id",
  "survey_recipients.member_id",
  "poll_participants.member_id",
  "poll_answers.member_id",
  "attendance.member_id",
  "organisers.member_id",
  "session_leaders.member_id",
  "audit_log.member_id",
  "outbox.member_id",
  "broadcasts.created_by",
  "polls.created_by",
  "survey_campaigns.created_by",
  "dashboard_links.member_id",
  "dashboard_sessions.member_id",
  "consultations.created_by",
  "consultation_participants.member_id",
  "consultation_reactions.member_id",
] as const;

/** Columns with nothing to settle: no key includes them, so the rows just move. */
const movedAsIs = [
  ["session_leaders", "member_id"],
  ["audit_log", "member_id"],
  ["outbox", "member_id"],
  ["broadcasts", "created_by"],
  ["polls", "created_by"],
  ["survey_campaigns", "created_by"],
  ["consultations", "created_by"],
  // The person's open dashboard sign-ins stay theirs (the role is checked on every request anyway).
  ["dashboard_links", "member_id"],
  ["dashboard_sessions", "member_id"],
] as const;

export interface MergeOutcome {
  keep: number;
  /** Places a clash gave back, and whom the waitlist promoted into them: the caller tells them. */
  promoted: { sessionId: string; memberIds: number[] }[];
}

interface SignupClashRow {
  session_id: string;
  keep_id: number;
  keep_status: string;
  keep_created: number;
  absorb_id: number;
  absorb_status: string;
  absorb_created: number;
}

/**
 * Signed up for the same session from both: the earlier sign-up stays, the other goes. A cancelled one is not a
 * sign-up, so an active one beats it whatever its age. Returns the sessions where a place came free.
 */
function mergeSignups(db: Db, keep: number, absorb: number): string[] {
  const clashes = statement<[number, number], SignupClashRow>(
    db,
    `SELECT k.session_id, k.id AS keep_id, k.status AS keep_status, k.created_at AS keep_created,
       a.id AS absorb_id, a.status AS absorb_status, a.created_at AS absorb_created
     FROM signups k JOIN signups a ON a.session_id = k.session_id
     WHERE k.member_id = ? AND a.member_id = ?`,
  ).all(keep, absorb);
  const freed: string[] = [];
  const remove = statement(db, "DELETE FROM signups WHERE id = ?");
  for (const row of clashes) {
    const keepActive = row.keep_status !== "cancelled";
    const absorbActive = row.absorb_status !== "cancelled";
    const keepsOwn =
      keepActive !== absorbActive
        ? keepActive
        : row.keep_created < row.absorb_created ||
          (row.keep_created === row.absorb_created && row.keep_id < row.absorb_id);
    const [goneId, goneStatus] = keepsOwn ? [row.absorb_id, row.absorb_status] : [row.keep_id, row.keep_status];
    remove.run(goneId);
    if (goneStatus === "confirmed") freed.push(row.session_id);
  }
  statement(db, "UPDATE signups SET member_id = ? WHERE member_id = ?").run(keep, absorb);
  return freed;
}

const stateRank = (alias: string) => `CASE ${alias}.state WHEN 'completed' THEN 2 WHEN 'opted_out' THEN 1 ELSE 0 END`;

/** Invited from both: the invitation further along stays (completed, then opted out, then invited). */
function mergeSurveyRecipients(db: Db, keep: number, absorb: number): void {
  // Both were reminded at the same moments: the person saw the larger number, not the sum.
  statement(
    db,
    `UPDATE survey_recipients AS r SET reminders_sent = max(r.reminders_sent, o.reminders_sent)
     FROM survey_recipients o WHERE o.campaign_id = r.campaign_id AND r.member_id IN (?, ?) AND o.member_id IN (?, ?)
       AND o.member_id <> r.member_id`,
  ).run(keep, absorb, keep, absorb);
  // A row goes when the other is further along, or as far and the kept member's.
  statement(
    db,
    `DELETE FROM survey_recipients AS r WHERE r.member_id IN (?, ?) AND EXISTS (
       SELECT 1 FROM survey_recipients o WHERE o.campaign_id = r.campaign_id AND o.member_id IN (?, ?)
         AND o.member_id <> r.member_id
         AND (${stateRank("o")} > ${stateRank("r")} OR (${stateRank("o")} = ${stateRank("r")} AND o.member_id = ?)))`,
  ).run(keep, absorb, keep, absorb, keep);
  statement(db, "UPDATE survey_recipients SET member_id = ? WHERE member_id = ?").run(keep, absorb);
}

/** A table keyed by member and `keys`: on a clash the kept member's row stays. */
function moveKeepingOwn(db: Db, table: string, keys: string[], keep: number, absorb: number): void {
  const same = ["o.member_id = ?", ...keys.map((key) => `o.${key} = ${table}.${key}`)].join(" AND ");
  statement(db, `DELETE FROM ${table} WHERE member_id = ? AND EXISTS (SELECT 1 FROM ${table} o WHERE ${same})`).run(
    absorb,
    keep,
  );
  statement(db, `UPDATE ${table} SET member_id = ? WHERE member_id = ?`).run(keep, absorb);
}

/**
 * Messages still waiting for both (the same broadcast or reminder queued to each): the absorbed member's copy
 * goes, so the person gets it once. Dedupe keys end in the member id (`broadcast:7:12`).
 */
function dropDuplicateWaiting(db: Db, keep: number, absorb: number): void {
  statement(
    db,
    `DELETE FROM outbox WHERE member_id = ? AND status = 'pending' AND dedupe_key LIKE '%:' || ?
       AND EXISTS (SELECT 1 FROM outbox o WHERE o.member_id = ?
         AND o.dedupe_key = substr(outbox.dedupe_key, 1, length(outbox.dedupe_key) - length(?)) || ?)`,
  ).run(absorb, String(absorb), keep, String(absorb), String(keep));
}

/** The person's profile: what the kept member lacks comes from the other; a `stop` from either holds. */
function mergeProfile(db: Db, keep: number, absorb: number): void {
  statement(
    db,
    `UPDATE members AS k SET roster_name = coalesce(k.roster_name, a.roster_name), role = coalesce(k.role, a.role),
       locale = coalesce(k.locale, a.locale), preferred_platform = coalesce(k.preferred_platform, a.preferred_platform),
       opted_out_at = CASE WHEN k.opted_out_at IS NULL OR a.opted_out_at IS NULL
         THEN coalesce(k.opted_out_at, a.opted_out_at) ELSE min(k.opted_out_at, a.opted_out_at) END,
       told_how_to_stop = max(k.told_how_to_stop, a.told_how_to_stop), created_at = min(k.created_at, a.created_at)
     FROM members a WHERE k.id = ? AND a.id = ?`,
  ).run(keep, absorb);
}

/**
 * Reacted to the same round from both accounts. Named reactions: a submitted one beats a draft, else the one changed
 * last (the person's latest words; a tie keeps the kept member's); the other's text goes, as one member has one
 * reaction per round. Participants: "submitted" beats "started". Anonymous reactions name nobody: nothing to move.
 */
function mergeConsultations(db: Db, keep: number, absorb: number): void {
  const rank = (alias: string) => `(${alias}.status = 'submitted'), coalesce(${alias}.updated_at, 0)`;
  statement(
    db,
    `DELETE FROM consultation_reactions AS r WHERE r.member_id IN (?, ?) AND EXISTS (
       SELECT 1 FROM consultation_reactions o WHERE o.consultation_id = r.consultation_id AND o.member_id IN (?, ?)
         AND o.member_id <> r.member_id AND ((${rank("o")}) > (${rank("r")}) OR ((${rank("o")}) = (${rank("r")}) AND o.member_id = ?)))`,
  ).run(keep, absorb, keep, absorb, keep);
  statement(db, "UPDATE consultation_reactions SET member_id = ? WHERE member_id = ?").run(keep, absorb);
  statement(
    db,
    `UPDATE consultation_participants AS k SET state = 'submitted' FROM consultation_participants a
     WHERE k.member_id = ? AND a.member_id = ? AND a.consultation_id = k.consultation_id AND a.state = 'submitted'`,
  ).run(keep, absorb);
  moveKeepingOwn(db, "consultation_participants", ["consultation_id"], keep, absorb);
}

/** Makes `absorb` part of `keep`, then deletes it. All or nothing (a savepoint inside the caller's transaction). */
export function mergeMembers(db: Db, keep: number, absorb: number, now: number): MergeOutcome {
  if (keep === absorb) throw new Error("a member cannot be merged with itself");
  return inTransaction(db, () => {
    statement(db, "UPDATE identities SET member_id = ? WHERE member_id = ?").run(keep, absorb);
    const freed = mergeSignups(db, keep, absorb);
    mergeSurveyRecipients(db, keep, absorb);
    moveKeepingOwn(db, "poll_participants", ["round_id"], keep, absorb);
    moveKeepingOwn(db, "poll_answers", ["round_id"], keep, absorb);
    // Marked present on either account: present.
    statement(
      db,
      `UPDATE attendance AS k SET attended = max(k.attended, a.attended) FROM attendance a
       WHERE k.member_id = ? AND a.member_id = ? AND a.session_id = k.session_id`,
    ).run(keep, absorb);
    moveKeepingOwn(db, "attendance", ["session_id"], keep, absorb);
    statement(
      db,
      `UPDATE organisers SET added_at = min(added_at, (SELECT added_at FROM organisers WHERE member_id = ?))
       WHERE member_id = ? AND EXISTS (SELECT 1 FROM organisers WHERE member_id = ?)`,
    ).run(absorb, keep, absorb);
    moveKeepingOwn(db, "organisers", [], keep, absorb);
    mergeConsultations(db, keep, absorb);
    dropDuplicateWaiting(db, keep, absorb);
    for (const [table, column] of movedAsIs)
      statement(db, `UPDATE ${table} SET ${column} = ? WHERE ${column} = ?`).run(keep, absorb);
    mergeProfile(db, keep, absorb);
    statement(db, "DELETE FROM members WHERE id = ?").run(absorb);
    const promoted = [...new Set(freed)]
      .map((sessionId) => ({ sessionId, memberIds: promoteWaitlist(db, sessionId, now) }))
      .filter((p) => p.memberIds.length > 0);
    return { keep, promoted };
  });
}
