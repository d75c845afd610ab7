import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import type { Session, SessionInput, SessionWithCounts } from "../types.js";

interface SessionRow {
  id: string;
  title: string;
  starts_at: number;
  ends_at: number;
  venue: string;
  address: string;
  city: string;
  region: string;
  leader_name: string;
  capacity: number;
  audience: Session["audience"];
  signup_deadline: number | null;
  status: Session["status"];
  notes: string;
  is_example: number;
  revision: number;
  confirmed?: number;
  waitlisted?: number;
}

interface CountRow {
  n: number;
}

interface IdRow {
  id: string;
}

// The counts are kept by triggers (migration 017), in the transaction that changes the sign-ups.
const withCounts = `
  SELECT s.*, coalesce(c.confirmed, 0) AS confirmed, coalesce(c.waitlisted, 0) AS waitlisted
  FROM sessions s LEFT JOIN session_counts c ON c.session_id = s.id`;
const oneWithCounts = `${withCounts} WHERE s.id = ?`;

function toSession(row: SessionRow): SessionWithCounts {
  const confirmed = row.confirmed ?? 0;
  return {
    id: row.id,
    title: row.title,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    venue: row.venue,
    address: row.address,
    city: row.city,
    region: row.region,
    leaderName: row.leader_name,
    capacity: row.capacity,
    audience: row.audience,
    signupDeadline: row.signup_deadline,
    status: row.status,
    notes: row.notes,
    isExample: row.is_example === 1,
    revision: row.revision,
    confirmed,
    waitlisted: row.waitlisted ?? 0,
    placesLeft: Math.max(0, row.capacity - confirmed),
  };
}

export function getSession(db: Db, id: string): SessionWithCounts | undefined {
  const row = statement<[string], SessionRow>(db, oneWithCounts).get(id);
  return row && toSession(row);
}

export interface SessionQuery {
  /** Only sessions starting at or after this moment. */
  from?: number;
  includeCancelled?: boolean;
}

export function listSessions(db: Db, query: SessionQuery = {}): SessionWithCounts[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.from !== undefined) {
    where.push("s.starts_at >= ?");
    params.push(query.from);
  }
  if (!query.includeCancelled) where.push("s.status = 'open'");
  const sql = `${withCounts} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY s.starts_at, s.id`;
  return statement<unknown[], SessionRow>(db, sql)
    .all(...params)
    .map(toSession);
}

export function countSessions(db: Db): number {
  return statement<[], CountRow>(db, "SELECT count(*) AS n FROM sessions").get()?.n ?? 0;
}

/** The stored id of a session typed in any case ("s12" for "S12"). */
export function sessionIdIgnoringCase(db: Db, typed: string): string | undefined {
  return statement<[string], IdRow>(db, "SELECT id FROM sessions WHERE lower(id) = lower(?)").get(typed)?.id;
}

/** Inserts or updates by id; returns the session as it was before (undefined if new). Run inside a transaction. */
export function upsertSession(db: Db, input: SessionInput, now: number): SessionWithCounts | undefined {
  const before = getSession(db, input.id);
  const values = {
    id: input.id,
    title: input.title,
    starts_at: input.startsAt,
    ends_at: input.endsAt,
    venue: input.venue,
    address: input.address,
    city: input.city,
    region: input.region,
    leader_name: input.leaderName,
    capacity: input.capacity,
    audience: input.audience,
    signup_deadline: input.signupDeadline,
    status: input.status,
    notes: input.notes,
    is_example: input.isExample ? 1 : 0,
    now,
  };
  if (!before) {
    statement(
      db,
      `INSERT INTO sessions (id, title, starts_at, ends_at, venue, address, city, region, leader_name, capacity,
         audience, signup_deadline, status, notes, is_example, revision, created_at, updated_at)
       VALUES (@id, @title, @starts_at, @ends_at, @venue, @address, @city, @region, @leader_name, @capacity,
         @audience, @signup_deadline, @status, @notes, @is_example, 0, @now, @now)`,
    ).run(values);
    return undefined;
  }
  statement(
    db,
    `UPDATE sessions SET title = @title, starts_at = @starts_at, ends_at = @ends_at, venue = @venue,
       address = @address, city = @city, region = @region, leader_name = @leader_name, capacity = @capacity,
       audience = @audience, signup_deadline = @signup_deadline, status = @status, notes = @notes,
       is_example = @is_example, revision = revision + 1, updated_at = @now
     WHERE id = @id AND (title, starts_at, ends_at, venue, address, city, region, leader_name, capacity, audience,
       coalesce(signup_deadline, -1), status, notes, is_example) IS NOT
       (@title, @starts_at, @ends_at, @venue, @address, @city, @region, @leader_name, @capacity, @audience,
       coalesce(@signup_deadline, -1), @status, @notes, @is_example)`,
  ).run(values);
  return before;
}

export function setSessionStatus(db: Db, id: string, status: Session["status"], now: number): void {
  statement(
    db,
    "UPDATE sessions SET status = ?, revision = revision + 1, updated_at = ? WHERE id = ? AND status <> ?",
  ).run(status, now, id, status);
}
