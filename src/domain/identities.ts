import type { Db } from "../storage/db.js";
import { statement } from "../storage/statements.js";
import { sameOrganisation } from "./installations.js";
import type { MemberKey } from "./member-key.js";

// Identities: each way to reach a member (a Slack or Teams account), with where to reach it. A member who writes
// gets one here; the platforms' directories add the ones who never wrote.

export interface Identity {
  id: number;
  memberId: number;
  platform: string;
  workspace: string;
  userId: string;
  dmConversation: string | null;
  reachable: boolean;
  lastSeenAt: number | null;
  inDirectory: boolean;
  guest: boolean;
  leftAt: number | null;
  linkedBy: "email" | "code" | null;
}

interface IdentityRow {
  id: number;
  member_id: number;
  platform: string;
  workspace: string;
  user_id: string;
  dm_conversation: string | null;
  reachable: number;
  last_seen_at: number | null;
  in_directory: number;
  guest: number;
  left_at: number | null;
  linked_by: "email" | "code" | null;
}

const identityColumns = `id, member_id, platform, workspace, user_id, dm_conversation, reachable, last_seen_at,
  in_directory, guest, left_at, linked_by`;

function toIdentity(row: IdentityRow): Identity {
  return {
    id: row.id,
    memberId: row.member_id,
    platform: row.platform,
    workspace: row.workspace,
    userId: row.user_id,
    dmConversation: row.dm_conversation,
    reachable: row.reachable === 1,
    lastSeenAt: row.last_seen_at,
    inDirectory: row.in_directory === 1,
    guest: row.guest === 1,
    leftAt: row.left_at,
    linkedBy: row.linked_by,
  };
}

// Built once: read on every turn (a text built per call is hashed afresh for the statement cache).
const identityByAccount = `SELECT ${identityColumns} FROM identities WHERE platform = ? AND user_id = ?`;

export function findIdentity(db: Db, platform: string, userId: string): Identity | undefined {
  const row = statement<[string, string], IdentityRow>(db, identityByAccount).get(platform, userId);
  return row && toIdentity(row);
}

export function getIdentity(db: Db, id: number): Identity | undefined {
  const row = statement<[number], IdentityRow>(db, `SELECT ${identityColumns} FROM identities WHERE id = ?`).get(id);
  return row && toIdentity(row);
}

/** A member's identities, the ones that left included, oldest first. */
export function identitiesOf(db: Db, memberId: number): Identity[] {
  return statement<[number], IdentityRow>(
    db,
    `SELECT ${identityColumns} FROM identities WHERE member_id = ? ORDER BY id`,
  )
    .all(memberId)
    .map(toIdentity);
}

/** A new account: who wrote, whom a setting names, or (with the directory's fields) whom the directory lists. */
export interface NewIdentity extends MemberKey {
  workspace: string;
  inDirectory?: boolean;
  guest?: boolean;
  syncedAt?: number;
  emailHash?: string | undefined;
  /** A first message or click: its chat, and that it was used now. */
  dmConversation?: string | undefined;
  lastSeenAt?: number;
}

/** A new person with this one identity. */
export function createMemberWithIdentity(
  db: Db,
  identity: NewIdentity,
  now: number,
): { memberId: number; identityId: number } {
  const memberId = Number(statement(db, "INSERT INTO members (created_at) VALUES (?)").run(now).lastInsertRowid);
  const inserted = statement(
    db,
    `INSERT INTO identities (member_id, platform, workspace, user_id, in_directory, guest, synced_at, email_hash,
       dm_conversation, last_seen_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    memberId,
    identity.platform,
    identity.workspace,
    identity.userId,
    identity.inDirectory ? 1 : 0,
    identity.guest ? 1 : 0,
    identity.syncedAt ?? null,
    identity.emailHash ?? null,
    identity.dmConversation || null,
    identity.lastSeenAt ?? null,
    now,
  );
  return { memberId, identityId: Number(inserted.lastInsertRowid) };
}

/** "Used last" needs no finer grain: a turn within this of the last one writes nothing. */
const seenGrainMs = 10 * 60_000;

export interface Seen extends MemberKey {
  dmConversation?: string | undefined;
  workspace?: string | undefined;
}

/**
 * The account wrote or clicked: its member (created when new), marked reachable, present and used now. Written
 * only when something changed, so most turns write nothing here.
 */
export function ensureIdentity(db: Db, seen: Seen, now: number): { memberId: number; identityId: number } {
  const identity = findIdentity(db, seen.platform, seen.userId);
  if (!identity) {
    // Written whole at once: nothing to read back or bring up to date.
    const { platform, userId, dmConversation, workspace = "" } = seen;
    return createMemberWithIdentity(db, { platform, userId, workspace, dmConversation, lastSeenAt: now }, now);
  }
  const stale =
    (seen.dmConversation && identity.dmConversation !== seen.dmConversation) ||
    (seen.workspace && identity.workspace !== seen.workspace) ||
    !identity.reachable ||
    identity.leftAt !== null ||
    identity.lastSeenAt === null ||
    now - identity.lastSeenAt >= seenGrainMs;
  if (stale) {
    statement(
      db,
      `UPDATE identities SET dm_conversation = coalesce(?, dm_conversation), workspace = coalesce(?, workspace),
         reachable = 1, left_at = NULL, last_seen_at = ? WHERE id = ?`,
    ).run(seen.dmConversation || null, seen.workspace || null, now, identity.id);
  }
  return { memberId: identity.memberId, identityId: identity.id };
}

/**
 * The member an ORGANISERS entry, a leader link or the CLI names by `platform:userId`: created (as a member who
 * never wrote) when the account is not known yet, so the role holds from their first message.
 */
export function resolveMemberKey(db: Db, key: MemberKey, now: number): number {
  return (
    findIdentity(db, key.platform, key.userId)?.memberId ??
    createMemberWithIdentity(db, { ...key, workspace: "" }, now).memberId
  );
}

/** The member a key names, if the account is known; never creates one. */
export function memberIdOfKey(db: Db, key: MemberKey): number | undefined {
  return findIdentity(db, key.platform, key.userId)?.memberId;
}

export function setReachable(db: Db, platform: string, userId: string, reachable: boolean): void {
  statement(db, "UPDATE identities SET reachable = ? WHERE platform = ? AND user_id = ?").run(
    reachable ? 1 : 0,
    platform,
    userId,
  );
}

/** The bot opened the 1:1 conversation itself (first contact): later sends go straight there. */
export function rememberDirectConversation(db: Db, platform: string, userId: string, conversation: string): void {
  statement(db, "UPDATE identities SET dm_conversation = ? WHERE platform = ? AND user_id = ?").run(
    conversation,
    platform,
    userId,
  );
}

/**
 * Whether the account is known in another workspace than the one a request says it comes from (and not one of
 * the same Enterprise Grid organisation): then the request may not act for its member.
 */
export function belongsElsewhere(db: Db, platform: string, userId: string, workspace: string | undefined): boolean {
  if (!workspace) return false;
  const known = findIdentity(db, platform, userId)?.workspace;
  return Boolean(known) && known !== workspace && !sameOrganisation(db, platform, known ?? "", workspace);
}
