import { type Db, inTransaction } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import type { Role, SessionWithCounts, SignupStatus } from "../types.js";
import { getSession } from "./sessions.js";

type RefusalReason = "not_found" | "cancelled" | "started" | "closed" | "audience";

export type SignUpOutcome =
  | { kind: "confirmed"; already: boolean; session: SessionWithCounts }
  | { kind: "waitlisted"; position: number; already: boolean; session: SessionWithCounts }
  | { kind: "refused"; reason: RefusalReason; session?: SessionWithCounts };

export type CancelOutcome =
  | { kind: "cancelled"; was: "confirmed" | "waitlisted"; promoted: number[]; session: SessionWithCounts }
  | { kind: "not_signed_up" };

interface SignupRow {
  id: number;
  status: SignupStatus;
  seq: number;
}

interface CountRow {
  n: number;
}

interface NextSeqRow {
  next: number;
}

interface MemberIdRow {
  member_id: number;
}

interface SessionIdRow {
  session_id: string;
}

interface WaitingRow {
  id: number;
  member_id: number;
}

interface MemberSignupRow {
  session_id: string;
  status: "confirmed" | "waitlisted";
  seq: number;
}

interface RosterRow {
  roster_name: string | null;
  role: Role | null;
  status: RosterEntry["status"];
  updated_at: number;
}

function findSignup(db: Db, sessionId: string, memberId: number): SignupRow | undefined {
  return statement<[string, number], SignupRow>(
    db,
    "SELECT id, status, seq FROM signups WHERE session_id = ? AND member_id = ?",
  ).get(sessionId, memberId);
}

function waitlistPosition(db: Db, sessionId: string, seq: number): number {
  const row = statement<[string, number], CountRow>(
    db,
    "SELECT count(*) AS n FROM signups WHERE session_id = ? AND status = 'waitlisted' AND seq <= ?",
  ).get(sessionId, seq);
  return row?.n ?? 0;
}

/** Remembers the card showing a member's waitlist place (where it is, as the caller writes it). */
export function rememberWaitlistCard(db: Db, sessionId: string, memberId: number, card: string): void {
  statement(
    db,
    "UPDATE signups SET card_message = ? WHERE session_id = ? AND member_id = ? AND status = 'waitlisted'",
  ).run(card, sessionId, memberId);
}

/** The card that showed a member's waitlist place, once: it is updated when they are promoted. */
export function takeWaitlistCard(db: Db, sessionId: string, memberId: number): string | undefined {
  const row = statement<[string, number], { card_message: string | null }>(
    db,
    "SELECT card_message FROM signups WHERE session_id = ? AND member_id = ?",
  ).get(sessionId, memberId);
  if (!row?.card_message) return undefined;
  statement(db, "UPDATE signups SET card_message = NULL WHERE session_id = ? AND member_id = ?").run(
    sessionId,
    memberId,
  );
  return row.card_message;
}

/** Whether a member of this role may sign up for a session for this audience (an unknown role may try). */
export function allowedFor(audience: SessionWithCounts["audience"], role: Role | null): boolean {
  if (audience === "both" || role === null) return true;
  return audience === role;
}

/** Why nobody can sign up for this session now, if so. */
export function closedReason(session: SessionWithCounts, now: number): "cancelled" | "started" | "closed" | undefined {
  if (session.status === "cancelled") return "cancelled";
  if (now >= session.startsAt) return "started";
  if (session.signupDeadline !== null && now > session.signupDeadline) return "closed";
  return undefined;
}

/**
 * Takes a place, or a place on the waitlist when the session is full. Idempotent: signing up again
 * returns the same outcome and changes nothing. One immediate transaction, so capacity holds across processes.
 */
export function signUp(db: Db, sessionId: string, memberId: number, role: Role | null, now: number): SignUpOutcome {
  return inTransaction(db, () => {
    const session = getSession(db, sessionId);
    if (!session) return { kind: "refused", reason: "not_found" };
    const existing = findSignup(db, sessionId, memberId);
    if (existing?.status === "confirmed") return { kind: "confirmed", already: true, session };
    if (existing?.status === "waitlisted") {
      return { kind: "waitlisted", already: true, position: waitlistPosition(db, sessionId, existing.seq), session };
    }
    const closed = closedReason(session, now);
    if (closed) return { kind: "refused", reason: closed, session };
    if (!allowedFor(session.audience, role)) return { kind: "refused", reason: "audience", session };

    const status: SignupStatus = session.confirmed < session.capacity ? "confirmed" : "waitlisted";
    const seq =
      statement<[string, string, string], NextSeqRow>(
        db,
        // One index seek per status (session_id, status, seq), not a walk over all of the session's rows.
        `SELECT coalesce(max(m), 0) + 1 AS next FROM (
           SELECT max(seq) AS m FROM signups WHERE session_id = ? AND status = 'confirmed'
           UNION ALL SELECT max(seq) FROM signups WHERE session_id = ? AND status = 'waitlisted'
           UNION ALL SELECT max(seq) FROM signups WHERE session_id = ? AND status = 'cancelled')`,
      ).get(sessionId, sessionId, sessionId)?.next ?? 1;
    if (existing) {
      statement(db, "UPDATE signups SET status = ?, seq = ?, updated_at = ? WHERE id = ?").run(
        status,
        seq,
        now,
        existing.id,
      );
    } else {
      statement(
        db,
        "INSERT INTO signups (session_id, member_id, status, seq, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
      ).run(sessionId, memberId, status, seq, now, now);
    }
    // Read as every other card reads it (one key lookup in the kept counts), so a repeat draws the same card.
    const after = getSession(db, sessionId) ?? session;
    if (status === "confirmed") return { kind: "confirmed", already: false, session: after };
    return { kind: "waitlisted", already: false, position: waitlistPosition(db, sessionId, seq), session: after };
  });
}

/** Gives a place back; the first on the waitlist takes it in the same transaction. */
export function cancelSignup(db: Db, sessionId: string, memberId: number, now: number): CancelOutcome {
  return inTransaction(db, () => {
    const existing = findSignup(db, sessionId, memberId);
    if (!existing || existing.status === "cancelled") return { kind: "not_signed_up" };
    statement(db, "UPDATE signups SET status = 'cancelled', updated_at = ? WHERE id = ?").run(now, existing.id);
    const promoted = existing.status === "confirmed" ? promoteWaitlist(db, sessionId, now) : [];
    const session = getSession(db, sessionId);
    if (!session) throw new Error(`session ${sessionId} vanished during cancel`);
    return { kind: "cancelled", was: existing.status, promoted, session };
  });
}

/** Fills free places from the waitlist, first in line first. Returns the promoted member ids. */
export function promoteWaitlist(db: Db, sessionId: string, now: number): number[] {
  return inTransaction(db, () => {
    const session = getSession(db, sessionId);
    if (!session || session.status === "cancelled" || now >= session.startsAt) return [];
    const free = session.capacity - session.confirmed;
    if (free <= 0) return [];
    const next = statement<[string, number], WaitingRow>(
      db,
      "SELECT id, member_id FROM signups WHERE session_id = ? AND status = 'waitlisted' ORDER BY seq LIMIT ?",
    ).all(sessionId, free);
    const promote = statement(db, "UPDATE signups SET status = 'confirmed', updated_at = ? WHERE id = ?");
    for (const row of next) promote.run(now, row.id);
    return next.map((row) => row.member_id);
  });
}

export interface MemberSignup {
  session: SessionWithCounts;
  status: "confirmed" | "waitlisted";
  position?: number;
}

/** The member's current places and waitlist places in sessions that have not ended. */
export function memberSignups(db: Db, memberId: number, from: number): MemberSignup[] {
  const rows = statement<[number, number], MemberSignupRow>(
    db,
    `SELECT g.session_id, g.status, g.seq FROM signups g JOIN sessions s ON s.id = g.session_id
       WHERE g.member_id = ? AND g.status IN ('confirmed', 'waitlisted') AND s.ends_at >= ?
       ORDER BY s.starts_at`,
  ).all(memberId, from);
  return rows.flatMap((row): MemberSignup[] => {
    const session = getSession(db, row.session_id);
    if (!session) return [];
    return row.status === "confirmed"
      ? [{ session, status: row.status }]
      : [{ session, status: row.status, position: waitlistPosition(db, row.session_id, row.seq) }];
  });
}

export function signupStatus(db: Db, sessionId: string, memberId: number): MemberSignup["status"] | undefined {
  const row = findSignup(db, sessionId, memberId);
  return row && row.status !== "cancelled" ? row.status : undefined;
}

export interface RosterEntry {
  rosterName: string;
  role: Role | "";
  status: "confirmed" | "waitlisted";
  position: number;
  signedUpAt: number;
}

/** The roster for the session leader: confirmed first, then the waitlist in order. */
export function roster(db: Db, sessionId: string): RosterEntry[] {
  const rows = statement<[string], RosterRow>(
    db,
    `SELECT m.roster_name, m.role, g.status, g.updated_at FROM signups g JOIN members m ON m.id = g.member_id
       WHERE g.session_id = ? AND g.status IN ('confirmed', 'waitlisted')
       ORDER BY CASE g.status WHEN 'confirmed' THEN 0 ELSE 1 END, g.seq`,
  ).all(sessionId);
  let waitlistPlace = 0;
  let confirmedPlace = 0;
  return rows.map((row) => ({
    rosterName: row.roster_name ?? "",
    role: row.role ?? "",
    status: row.status,
    position: row.status === "confirmed" ? ++confirmedPlace : ++waitlistPlace,
    signedUpAt: row.updated_at,
  }));
}

/** Members with a place, in sign-up order: who a reminder or a leader's message goes to. */
export function confirmedMemberIds(db: Db, sessionId: string): number[] {
  return statement<[string], MemberIdRow>(
    db,
    "SELECT member_id FROM signups WHERE session_id = ? AND status = 'confirmed' ORDER BY seq",
  )
    .all(sessionId)
    .map((row) => row.member_id);
}

/** Sessions where the member has a place or a waitlist place. */
export function activeSessionIds(db: Db, memberId: number): string[] {
  return statement<[number], SessionIdRow>(
    db,
    "SELECT session_id FROM signups WHERE member_id = ? AND status IN ('confirmed', 'waitlisted')",
  )
    .all(memberId)
    .map((row) => row.session_id);
}

/** Members with a place or a waitlist place, for notices such as a cancelled session. */
export function activeMemberIds(db: Db, sessionId: string): number[] {
  return statement<[string], MemberIdRow>(
    db,
    "SELECT member_id FROM signups WHERE session_id = ? AND status IN ('confirmed', 'waitlisted') ORDER BY seq",
  )
    .all(sessionId)
    .map((row) => row.member_id);
}
