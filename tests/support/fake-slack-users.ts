import { eventCallback, post, type SlackRequest } from "./slack-requests.js";

// The fake Slack's member directory: users.list paged by cursor (response_metadata.next_cursor) over a list the
// test sets, users.info, and Tier 2's limit (about 20 calls a minute per method; a test scales the window) with a
// 429 and Retry-After beyond it. It also counts calls that came back before the Retry-After it gave had passed.

export interface FakeUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  deleted: boolean;
  is_bot: boolean;
  is_restricted: boolean;
  is_ultra_restricted: boolean;
  locale: string;
  profile: { real_name: string; email?: string };
}

export interface GenerateUsers {
  team?: string;
  /** Bots among them; the first is Slackbot (USLACKBOT, whose is_bot is false as on Slack). */
  bots?: number;
  deleted?: number;
  /** Single- and multi-channel guests, alternating. */
  guests?: number;
  /** Give each a (verified) e-mail address, as Slack does with users:read.email. */
  emails?: boolean;
  /** Locales handed out in turn. */
  locales?: string[];
}

/** `n` accounts with the bots, deleted accounts and guests spread evenly among the members. */
export function generateUsers(n: number, options: GenerateUsers = {}): FakeUser[] {
  const {
    team = "T1",
    bots = 0,
    deleted = 0,
    guests = 0,
    emails = true,
    locales = ["nl-NL", "en-US", "de-DE"],
  } = options;
  const specials = [
    ...Array<"bot">(bots).fill("bot"),
    ...Array<"deleted">(deleted).fill("deleted"),
    ...Array<"guest">(guests).fill("guest"),
  ];
  const step = specials.length ? Math.max(1, Math.floor(n / specials.length)) : 0;
  return Array.from({ length: n }, (_, i) => {
    const special = step && i % step === 0 ? specials[i / step] : undefined;
    const number = String(i + 1).padStart(5, "0");
    const slackbot = special === "bot" && i === 0;
    const name = `Huisarts ${number}`;
    return {
      id: slackbot ? "USLACKBOT" : `U${number}`,
      team_id: team,
      name: `huisarts${number}`,
      real_name: name,
      deleted: special === "deleted",
      is_bot: special === "bot" && !slackbot,
      is_restricted: special === "guest",
      is_ultra_restricted: special === "guest" && i % 2 === 0,
      locale: locales[i % locales.length] ?? "en-US",
      profile: { real_name: name, ...(emails ? { email: `huisarts${number}@praktijk.example.nl` } : {}) },
    };
  });
}

export interface Tier2Limit {
  /** Calls a method may take per window (Tier 2: 20). */
  perWindow: number;
  /** The window (Slack's is a minute); tests shrink it. */
  windowMs?: number;
}

export interface DirectoryStats {
  requests: number;
  tooMany: number;
  /** Calls that arrived while a Retry-After this fake gave was still running: a client that did not wait. */
  insideRetryAfter: number;
  /** When the first and the last users.* call arrived (ms since the epoch; 0 before any). */
  firstAt: number;
  lastAt: number;
}

const encodeCursor = (userId: string) => Buffer.from(`user:${userId}`).toString("base64");
const decodeCursor = (cursor: string) =>
  Buffer.from(cursor, "base64")
    .toString("utf8")
    .replace(/^user:/, "");

export class FakeSlackDirectory {
  users: FakeUser[] = [];
  private limit: Required<Tier2Limit> | undefined;
  private readonly windows = new Map<string, number[]>();
  private readonly retryUntil = new Map<string, number>();
  private readonly counts: DirectoryStats = { requests: 0, tooMany: 0, insideRetryAfter: 0, firstAt: 0, lastAt: 0 };
  private pagesAnswered = 0;
  private failingPage: number | undefined;

  /** Enforces Tier 2 on users.* from now on. */
  limitTier2(limit: Tier2Limit): void {
    this.limit = { windowMs: 60_000, ...limit };
  }

  /** The `page`-th users.list page from now answers internal_error (once): a sync cut short after the one before. */
  failPage(page: number): void {
    this.failingPage = this.pagesAnswered + page;
  }

  /** A users.* call arrived: the Retry-After seconds to refuse it with, or undefined to answer it. */
  admit(method: string, now = Date.now()): number | undefined {
    this.counts.requests++;
    this.counts.firstAt ||= now;
    this.counts.lastAt = now;
    if (now < (this.retryUntil.get(method) ?? 0)) this.counts.insideRetryAfter++;
    if (!this.limit) return undefined;
    const { perWindow, windowMs } = this.limit;
    const window = (this.windows.get(method) ?? []).filter((at) => at > now - windowMs);
    this.windows.set(method, window);
    if (window.length < perWindow) {
      window.push(now);
      return undefined;
    }
    this.counts.tooMany++;
    const seconds = Math.max(1, Math.ceil(((window[0] ?? now) + windowMs - now) / 1000));
    this.retryUntil.set(method, now + seconds * 1000);
    return seconds;
  }

  answer(method: string, params: Record<string, unknown>): Record<string, unknown> {
    if (method === "users.info") {
      const user = this.users.find((u) => u.id === params.user);
      return user ? { user } : { ok: false, error: "user_not_found" };
    }
    if (++this.pagesAnswered === this.failingPage) return { ok: false, error: "internal_error" };
    const limit = Math.min(Number(params.limit) || 100, 1000);
    const cursor = typeof params.cursor === "string" && params.cursor ? decodeCursor(params.cursor) : undefined;
    const start = cursor ? this.users.findIndex((u) => u.id === cursor) : 0;
    if (start < 0) return { ok: false, error: "invalid_cursor" };
    const members = this.users.slice(start, start + limit);
    const next = this.users[start + limit];
    return { members, cache_ts: 1700000000, response_metadata: { next_cursor: next ? encodeCursor(next.id) : "" } };
  }

  stats(): DirectoryStats {
    return { ...this.counts };
  }
}

/** team_join or user_change for `user`, signed as Slack sends it, posted to the bot's events URL. */
export function postUserEvent(url: string, type: "team_join" | "user_change", user: FakeUser): Promise<Response> {
  const request: SlackRequest = eventCallback({ type, user });
  return post(url, request);
}
