import { createHash, randomBytes } from "node:crypto";
import type { Locale } from "../../contract.js";
import { audit } from "../../domain/audit.js";
import {
  type DashboardScope,
  deleteDashboardSession,
  findDashboardSession,
  insertDashboardLink,
  insertDashboardSession,
  takeDashboardLink,
} from "../../domain/dashboard-access.js";
import { leadsAnySession } from "../../domain/leaders.js";
import { getMemberById } from "../../domain/members.js";
import { isOrganiser } from "../../domain/organisers.js";
import { inTransaction } from "../../storage/db.js";
import type { CoreContext } from "../context.js";

// Sign-in to the dashboard without a password: the bot gives an organiser (or a leader) a personal link in chat,
// valid 10 minutes and usable once; opening it starts a browser session of 8 hours. The tokens are 256 random bits;
// only their hashes are stored. Every request checks the person still holds the role the session was opened for.

export type { DashboardScope } from "../../domain/dashboard-access.js";

const dashboardLinkValidMs = 10 * 60_000;
export const dashboardSessionMs = 8 * 3600_000;
const dashboardPath = "/dashboard";
const dashboardLoginPath = `${dashboardPath}/login`;

/** Who is looking at the dashboard, as every page and API route sees them. */
export interface Viewer {
  memberId: number;
  scope: DashboardScope;
  locale: Locale;
  /** The session's CSRF token: forms that change something carry it. */
  csrf: string;
  expiresAt: number;
}

const newToken = () => randomBytes(32).toString("base64url");
const hashOf = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");
/** Tokens are base64url of 32 bytes: anything else is refused before the database is asked. */
const isToken = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

/** Whether the person holds the role a scope asks for now. */
export function holdsScope(ctx: CoreContext, memberId: number, scope: DashboardScope): boolean {
  return scope === "organiser"
    ? isOrganiser(ctx.db, ctx.config.ORGANISERS, memberId)
    : leadsAnySession(ctx.db, memberId);
}

/** The scope a person may open: an organiser's whole dashboard, else a leader's own sessions, else none. */
export function scopeFor(ctx: CoreContext, memberId: number): DashboardScope | undefined {
  if (holdsScope(ctx, memberId, "organiser")) return "organiser";
  return holdsScope(ctx, memberId, "leader") ? "leader" : undefined;
}

/** Where the bot's web pages are reached: the app's bound address, else PUBLIC_URL, else localhost:PORT. */
export function publicBase(ctx: CoreContext): string {
  return (ctx.publicUrl?.() ?? ctx.config.PUBLIC_URL ?? `http://localhost:${ctx.config.PORT}`).replace(/\/+$/, "");
}

/** A new personal sign-in link (the full URL). The caller has checked the role; it is checked again on opening. */
export function issueDashboardLink(ctx: CoreContext, memberId: number, scope: DashboardScope): string {
  const now = ctx.clock.now();
  const token = newToken();
  inTransaction(ctx.db, () => {
    insertDashboardLink(ctx.db, {
      tokenHash: hashOf(token),
      memberId,
      scope,
      now,
      expiresAt: now + dashboardLinkValidMs,
    });
    audit(ctx.db, { actor: memberId, action: "dashboard.link", detail: scope }, now);
  });
  return `${publicBase(ctx)}${dashboardLoginPath}?t=${token}`;
}

export type SignIn =
  | { kind: "signed_in"; cookie: string; viewer: Viewer }
  | { kind: "unknown" | "expired" | "used" | "not_allowed" };

/** Opens a link: a new session (its cookie value) when the link is ours, fresh, unused and the role still held. */
export function signIn(ctx: CoreContext, token: string): SignIn {
  if (!isToken(token)) return { kind: "unknown" };
  const now = ctx.clock.now();
  return inTransaction(ctx.db, (): SignIn => {
    const taken = takeDashboardLink(ctx.db, hashOf(token), now);
    if (taken.kind !== "taken") return taken;
    const member = getMemberById(ctx.db, taken.memberId);
    if (!member || !holdsScope(ctx, member.id, taken.scope)) {
      audit(ctx.db, { actor: taken.memberId, action: "dashboard.refused", detail: taken.scope }, now);
      return { kind: "not_allowed" };
    }
    const cookie = newToken();
    const csrf = newToken();
    const expiresAt = now + dashboardSessionMs;
    insertDashboardSession(ctx.db, {
      idHash: hashOf(cookie),
      memberId: member.id,
      scope: taken.scope,
      csrf,
      now,
      expiresAt,
    });
    audit(ctx.db, { actor: member.id, action: "dashboard.sign_in", detail: taken.scope }, now);
    const locale = member.locale ?? ctx.config.BOT_LOCALE;
    return { kind: "signed_in", cookie, viewer: { memberId: member.id, scope: taken.scope, locale, csrf, expiresAt } };
  });
}

/** The viewer of a session cookie, or undefined: unknown, expired, or the person no longer holds the role. */
export function viewerOf(ctx: CoreContext, cookie: string | undefined): Viewer | undefined {
  if (!cookie || !isToken(cookie)) return undefined;
  const session = findDashboardSession(ctx.db, hashOf(cookie), ctx.clock.now());
  if (!session || !holdsScope(ctx, session.member_id, session.scope)) return undefined;
  const member = getMemberById(ctx.db, session.member_id);
  if (!member) return undefined;
  return {
    memberId: member.id,
    scope: session.scope,
    locale: member.locale ?? ctx.config.BOT_LOCALE,
    csrf: session.csrf,
    expiresAt: session.expires_at,
  };
}

/** `uitloggen`: the session ends here; the cookie is worthless from now on. */
export function signOut(ctx: CoreContext, cookie: string | undefined): void {
  if (!cookie || !isToken(cookie)) return;
  const now = ctx.clock.now();
  const session = findDashboardSession(ctx.db, hashOf(cookie), now);
  if (!session) return;
  inTransaction(ctx.db, () => {
    deleteDashboardSession(ctx.db, hashOf(cookie));
    audit(ctx.db, { actor: session.member_id, action: "dashboard.sign_out" }, now);
  });
}
