import type { Address, Locale, Platform } from "../contract.js";
import type { Db } from "../storage/db.js";
import { type Actor, memberIdOfActor } from "../types.js";
import { type Audience, audienceFromKey, audienceKey } from "./audience.js";
import { type DeliveryCounts, deliveryCounts } from "./delivery-report.js";

// Broadcasts, their outbox rows and the channel announcements they leave: the SQL of organiser broadcasts.

export interface BroadcastDraft {
  createdBy: Actor;
  text: string;
  sessionId?: string;
  audience: Audience;
  urgent: boolean;
  sendAt?: number;
  locale: Locale;
}

export interface Broadcast extends BroadcastDraft {
  id: number;
  status: "draft" | "queued" | "discarded";
}

interface BroadcastRow {
  id: number;
  /** The member who wrote it; null when the CLI did, or they were erased. */
  created_by: number | null;
  status: Broadcast["status"];
  text: string;
  session_id: string | null;
  audience: string;
  audience_arg: string | null;
  urgent: number;
  send_at: number | null;
  locale: Locale;
}

// The table keeps the kind and its argument apart (kind "everyone" has none): the audience key split at its colon.
function audienceColumns(audience: Audience): { kind: string; arg: string | null } {
  if (audience.kind === "everyone") return { kind: "everyone", arg: null };
  if (audience.kind === "role") return { kind: "role", arg: audience.role };
  const key = audienceKey(audience);
  return { kind: audience.kind, arg: key.slice(key.indexOf(":") + 1) };
}

function audienceFromColumns(kind: string, arg: string | null): Audience {
  if (kind === "everyone") return { kind: "everyone" };
  return audienceFromKey(kind === "role" ? (arg ?? "") : `${kind}:${arg ?? ""}`);
}

export function insertDraft(db: Db, draft: BroadcastDraft, now: number): number {
  const { kind, arg } = audienceColumns(draft.audience);
  const insert = db.prepare<
    [number | null, string, string | null, string, string | null, number, number | null, Locale, number]
  >(
    `INSERT INTO broadcasts (created_by, status, text, session_id, audience, audience_arg, urgent, send_at, locale,
       created_at) VALUES (?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return Number(
    insert.run(
      memberIdOfActor(draft.createdBy),
      draft.text,
      draft.sessionId ?? null,
      kind,
      arg,
      draft.urgent ? 1 : 0,
      draft.sendAt ?? null,
      draft.locale,
      now,
    ).lastInsertRowid,
  );
}

export function getBroadcast(db: Db, id: number): Broadcast | undefined {
  const row = db.prepare<[number], BroadcastRow>("SELECT * FROM broadcasts WHERE id = ?").get(id);
  if (!row) return undefined;
  return {
    id: row.id,
    createdBy: row.created_by ?? "cli",
    status: row.status,
    text: row.text,
    ...(row.session_id ? { sessionId: row.session_id } : {}),
    audience: audienceFromColumns(row.audience, row.audience_arg),
    urgent: row.urgent === 1,
    ...(row.send_at !== null ? { sendAt: row.send_at } : {}),
    locale: row.locale,
  };
}

export function markQueued(db: Db, id: number, now: number): void {
  db.prepare<[number, number]>("UPDATE broadcasts SET status = 'queued', queued_at = ? WHERE id = ?").run(now, id);
}

/** The broadcast queued last (what an organiser means by a bare `rapport`), if any was. */
export function lastQueuedBroadcast(db: Db): number | undefined {
  return db
    .prepare<[], { id: number }>(
      "SELECT id FROM broadcasts WHERE status = 'queued' ORDER BY queued_at DESC, id DESC LIMIT 1",
    )
    .get()?.id;
}

/** Discards a draft; false when it was not a draft (already queued or discarded). */
export function discardDraft(db: Db, id: number): boolean {
  return (
    db.prepare<[number]>("UPDATE broadcasts SET status = 'discarded' WHERE id = ? AND status = 'draft'").run(id)
      .changes > 0
  );
}

/** How many outbox rows the broadcast has: its recipients once queued. */
export function outboxRowCount(db: Db, id: number): number {
  return db.prepare<[number], { n: number }>("SELECT count(*) AS n FROM outbox WHERE broadcast_id = ?").get(id)?.n ?? 0;
}

/** Puts the failed messages of a broadcast back in the queue, as new (not the cancelled: `stop`). Returns how many. */
export function requeueFailed(db: Db, id: number, now: number): number {
  return db
    .prepare<[number, number]>(
      `UPDATE outbox SET status = 'pending', attempts = 0, failure = NULL, not_before = ? WHERE broadcast_id = ?
         AND status = 'failed' AND coalesce(failure, '') NOT LIKE 'cancelled:%'`,
    )
    .run(now, id).changes;
}

export interface DeliveryReport extends DeliveryCounts {
  /** Left out when it was queued: they said `stop`. */
  optedOut: number;
}

/** The counts in total and per workspace (delivery-report.ts), and who was left out. */
export function deliveryReport(db: Db, id: number): DeliveryReport {
  const optedOut = db.prepare<[number], { n: number }>("SELECT opted_out AS n FROM broadcasts WHERE id = ?").get(id);
  return { ...deliveryCounts(db, id), optedOut: optedOut?.n ?? 0 };
}

/** What of a session an announcement shows that can change: places and waitlist. */
export function placesShown(session: { placesLeft: number; waitlisted: number; status: string }): string {
  return `${session.status}:${session.placesLeft}:${session.waitlisted}`;
}

/** Remembers an announcement in a channel so its places-left count can be kept current. */
export function rememberAnnouncement(
  db: Db,
  announcement: { sessionId: string; to: Address; locale: Locale; outboxId: number; shown: string },
): void {
  const { sessionId, to, locale, outboxId, shown } = announcement;
  db.prepare<[string, Platform, string, Locale, number, string]>(
    `INSERT INTO announcements (session_id, platform, conversation, locale, outbox_id, shown)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, platform, conversation) DO UPDATE SET
       outbox_id = excluded.outbox_id, shown = excluded.shown, locale = excluded.locale`,
  ).run(sessionId, to.platform, to.conversation, locale, outboxId, shown);
}
