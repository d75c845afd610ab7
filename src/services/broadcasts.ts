import { DateTime } from "luxon";
import type { Address, Locale, Platform, Reply } from "../contract.js";
import { audit } from "../domain/audit.js";
import { type MemberRow, toMember } from "../domain/members.js";
import { enqueueReturningId } from "../domain/outbox.js";
import { canonicalProvince } from "../domain/regions.js";
import { getSession } from "../domain/sessions.js";
import { inTransaction } from "../storage/db.js";
import type { AudienceKind, AudienceProblem, Member } from "../types.js";
import { sessionBlocks } from "../views/session-blocks.js";
import { viewContext } from "../views/view-context.js";
import { type CoreContext, memberAddress, memberLocale } from "./context.js";
import { enqueueNudge } from "./delivery/nudges.js";

// Organiser broadcasts: a draft, then one outbox row per recipient, then a delivery report.

export const audienceKinds: readonly AudienceKind[] = ["everyone", "region", "session", "waitlist", "channel"];

export type Audience =
  | { kind: "everyone" }
  | { kind: "region"; region: string }
  | { kind: "session"; sessionId: string }
  | { kind: "waitlist"; sessionId: string }
  | { kind: "channel"; platform: Platform; conversation: string };

/** Reads an audience from its kind and argument (a province, a session id, a channel id). */
export function parseAudience(
  db: CoreContext["db"],
  kind: string,
  arg: string | undefined,
  platform: Platform,
): Audience | AudienceProblem {
  const value = arg?.trim() ?? "";
  switch (kind) {
    case "everyone":
      return { kind };
    case "region": {
      const region = canonicalProvince(value);
      return region ? { kind, region } : "region_unknown";
    }
    case "session":
    case "waitlist": {
      const row = db.prepare("SELECT id FROM sessions WHERE lower(id) = lower(?)").get(value) as
        | { id: string }
        | undefined;
      return row ? { kind, sessionId: row.id } : "session_unknown";
    }
    case "channel":
      return value ? { kind, platform, conversation: value } : "channel_missing";
    default:
      return "kind_unknown";
  }
}

function audienceArg(audience: Audience): string | null {
  switch (audience.kind) {
    case "everyone":
      return null;
    case "region":
      return audience.region;
    case "session":
    case "waitlist":
      return audience.sessionId;
    case "channel":
      return `${audience.platform}:${audience.conversation}`;
  }
}

function audienceFromRow(kind: string, arg: string | null): Audience {
  if (kind === "region") return { kind, region: arg ?? "" };
  if (kind === "session" || kind === "waitlist") return { kind, sessionId: arg ?? "" };
  if (kind === "channel") {
    const colon = (arg ?? "").indexOf(":");
    return { kind, platform: (arg ?? "").slice(0, colon) as Platform, conversation: (arg ?? "").slice(colon + 1) };
  }
  return { kind: "everyone" };
}

/**
 * Who gets it: reachable members; a region means members with a place or waitlist place in a session there
 * (members have no address of their own); a channel is one message to that conversation.
 */
export function audienceMembers(db: CoreContext["db"], audience: Audience): Member[] {
  const members = (sql: string, ...params: unknown[]) => (db.prepare(sql).all(...params) as MemberRow[]).map(toMember);
  switch (audience.kind) {
    case "everyone":
      return members("SELECT * FROM members WHERE reachable = 1 ORDER BY id");
    case "region":
      return members(
        `SELECT m.* FROM members m WHERE m.reachable = 1 AND m.id IN (
           SELECT g.member_id FROM signups g JOIN sessions s ON s.id = g.session_id
           WHERE s.region = ? AND g.status IN ('confirmed', 'waitlisted')) ORDER BY m.id`,
        audience.region,
      );
    case "session":
    case "waitlist":
      return members(
        `SELECT m.* FROM signups g JOIN members m ON m.id = g.member_id
         WHERE g.session_id = ? AND g.status = ? AND m.reachable = 1 ORDER BY g.seq`,
        audience.sessionId,
        audience.kind === "session" ? "confirmed" : "waitlisted",
      );
    case "channel":
      return [];
  }
}

export function recipientCount(db: CoreContext["db"], audience: Audience): number {
  return audience.kind === "channel" ? 1 : audienceMembers(db, audience).length;
}

export interface BroadcastDraft {
  createdBy: string;
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

export function createDraft(ctx: CoreContext, draft: BroadcastDraft): number {
  const now = ctx.clock.now();
  const id = Number(
    ctx.db
      .prepare(
        `INSERT INTO broadcasts (created_by, status, text, session_id, audience, audience_arg, urgent, send_at, locale,
           created_at) VALUES (?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        draft.createdBy,
        draft.text,
        draft.sessionId ?? null,
        draft.audience.kind,
        audienceArg(draft.audience),
        draft.urgent ? 1 : 0,
        draft.sendAt ?? null,
        draft.locale,
        now,
      ).lastInsertRowid,
  );
  audit(
    ctx.db,
    { actor: draft.createdBy, action: "broadcast.draft", subject: `broadcast:${id}`, detail: draft.audience.kind },
    now,
  );
  return id;
}

export function getBroadcast(db: CoreContext["db"], id: number): Broadcast | undefined {
  const row = db.prepare("SELECT * FROM broadcasts WHERE id = ?").get(id) as
    | {
        id: number;
        created_by: string;
        status: Broadcast["status"];
        text: string;
        session_id: string | null;
        audience: string;
        audience_arg: string | null;
        urgent: number;
        send_at: number | null;
        locale: Locale;
      }
    | undefined;
  if (!row) return undefined;
  return {
    id: row.id,
    createdBy: row.created_by,
    status: row.status,
    text: row.text,
    ...(row.session_id ? { sessionId: row.session_id } : {}),
    audience: audienceFromRow(row.audience, row.audience_arg),
    urgent: row.urgent === 1,
    ...(row.send_at !== null ? { sendAt: row.send_at } : {}),
    locale: row.locale,
  };
}

/** The message as a recipient sees it: the text, and the session with its sign-up button if one is attached. */
export function broadcastReply(ctx: CoreContext, broadcast: Broadcast, locale: Locale): Reply {
  const session = broadcast.sessionId ? getSession(ctx.db, broadcast.sessionId) : undefined;
  const view = viewContext(locale, ctx.config.BOT_TIMEZONE);
  return {
    text: broadcast.text,
    blocks: [{ kind: "text", text: broadcast.text }, ...(session ? sessionBlocks(session, view) : [])],
  };
}

/**
 * Confirms a draft: one outbox row per recipient, in one transaction. A second confirm (double click, platform
 * retry) finds the broadcast queued and adds nothing. Returns the number of recipients queued.
 */
export function queueBroadcast(ctx: CoreContext, id: number, actor: string): number | undefined {
  const now = ctx.clock.now();
  return inTransaction(ctx.db, () => {
    const broadcast = getBroadcast(ctx.db, id);
    if (!broadcast || broadcast.status === "discarded") return undefined;
    if (broadcast.status === "queued") return countRows(ctx, id);
    ctx.db.prepare("UPDATE broadcasts SET status = 'queued', queued_at = ? WHERE id = ?").run(now, id);
    const notBefore = broadcast.sendAt ?? now;
    const { audience } = broadcast;
    if (audience.kind === "channel") {
      const to: Address = { platform: audience.platform, conversation: audience.conversation };
      const outboxId = enqueueReturningId(
        ctx.db,
        {
          dedupeKey: `broadcast:${id}:channel`,
          kind: "broadcast",
          to,
          reply: broadcastReply(ctx, broadcast, broadcast.locale),
          notBefore,
          broadcastId: id,
        },
        now,
      );
      if (outboxId !== undefined && broadcast.sessionId) {
        registerAnnouncement(ctx, broadcast.sessionId, to, broadcast.locale, outboxId);
      }
    } else {
      // One rendering per language, not per recipient.
      const replies = new Map<Locale, Reply>();
      const replyIn = (locale: Locale): Reply => {
        let reply = replies.get(locale);
        if (!reply) {
          reply = broadcastReply(ctx, broadcast, locale);
          replies.set(locale, reply);
        }
        return reply;
      };
      for (const member of audienceMembers(ctx.db, audience)) {
        enqueueNudge(
          ctx,
          {
            dedupeKey: `broadcast:${id}:${member.id}`,
            kind: "broadcast",
            to: memberAddress(member),
            memberId: member.id,
            reply: replyIn(memberLocale(member, ctx.config)),
            notBefore,
            broadcastId: id,
          },
          { urgent: broadcast.urgent },
        );
      }
    }
    const queued = countRows(ctx, id);
    audit(
      ctx.db,
      { actor, action: "broadcast.confirm", subject: `broadcast:${id}`, detail: `${queued} recipients` },
      now,
    );
    return queued;
  });
}

export function discardBroadcast(ctx: CoreContext, id: number, actor: string): boolean {
  const changed =
    ctx.db.prepare("UPDATE broadcasts SET status = 'discarded' WHERE id = ? AND status = 'draft'").run(id).changes > 0;
  if (changed) audit(ctx.db, { actor, action: "broadcast.discard", subject: `broadcast:${id}` }, ctx.clock.now());
  return changed;
}

function countRows(ctx: CoreContext, id: number): number {
  return (ctx.db.prepare("SELECT count(*) AS n FROM outbox WHERE broadcast_id = ?").get(id) as { n: number }).n;
}

export interface DeliveryReport {
  total: number;
  sent: number;
  waiting: number;
  failed: number;
  /** Failure reasons (without details that could name a person) with their counts, most frequent first. */
  failures: { reason: string; count: number }[];
  /** When the next waiting message is due (quiet hours, a later time, a retry). */
  nextAt?: number;
}

export function deliveryReport(db: CoreContext["db"], id: number): DeliveryReport {
  const rows = db
    .prepare("SELECT status, count(*) AS n, min(not_before) AS next FROM outbox WHERE broadcast_id = ? GROUP BY status")
    .all(id) as { status: string; n: number; next: number }[];
  const count = (...statuses: string[]) =>
    rows.filter((r) => statuses.includes(r.status)).reduce((sum, r) => sum + r.n, 0);
  const failures = (
    db
      .prepare(
        `SELECT coalesce(failure, 'unknown') AS reason, count(*) AS count FROM outbox
         WHERE broadcast_id = ? AND status = 'failed' GROUP BY reason ORDER BY count DESC, reason`,
      )
      .all(id) as { reason: string; count: number }[]
  ).map((row) => ({ reason: row.reason, count: row.count }));
  const pending = rows.find((r) => r.status === "pending");
  return {
    total: count("pending", "sending", "sent", "failed"),
    sent: count("sent"),
    waiting: count("pending", "sending"),
    failed: count("failed"),
    failures,
    ...(pending ? { nextAt: pending.next } : {}),
  };
}

/** Puts the failed messages of a broadcast back in the queue, as new. Returns how many. */
export function resendFailed(ctx: CoreContext, id: number, actor: string): number {
  const now = ctx.clock.now();
  const count = ctx.db
    .prepare(
      "UPDATE outbox SET status = 'pending', attempts = 0, failure = NULL, not_before = ? WHERE broadcast_id = ? AND status = 'failed'",
    )
    .run(now, id).changes;
  audit(ctx.db, { actor, action: "broadcast.resend", subject: `broadcast:${id}`, detail: `${count} messages` }, now);
  return count;
}

/** Parses "2027-06-02 09:00" (or with a T) in the bot's zone; undefined when it is not a valid time. */
export function parseLocalTime(text: string, zone: string): number | undefined {
  const parsed = DateTime.fromFormat(text.trim().replace("T", " "), "yyyy-MM-dd HH:mm", { zone });
  return parsed.isValid ? parsed.toMillis() : undefined;
}

/** Remembers an announcement in a channel so its places-left count can be kept current. */
function registerAnnouncement(
  ctx: CoreContext,
  sessionId: string,
  to: Address,
  locale: Locale,
  outboxId: number,
): void {
  const session = getSession(ctx.db, sessionId);
  if (!session) return;
  ctx.db
    .prepare(
      `INSERT INTO announcements (session_id, platform, conversation, locale, outbox_id, shown)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, platform, conversation) DO UPDATE SET
         outbox_id = excluded.outbox_id, shown = excluded.shown, locale = excluded.locale`,
    )
    .run(sessionId, to.platform, to.conversation, locale, outboxId, placesShown(session));
}

/** What of a session an announcement shows that can change: places and waitlist. */
export function placesShown(session: { placesLeft: number; waitlisted: number; status: string }): string {
  return `${session.status}:${session.placesLeft}:${session.waitlisted}`;
}
