import { webApi } from "@slack/bolt";
import type { Clock } from "../../src/clock.js";
import { advanceSync, finishSync, markUnseenLeft, startSync } from "../../src/domain/directory.js";
import type { Logger } from "../../src/log.js";
import { type Db, inTransaction } from "../../src/storage/db.js";
import { Pace } from "./directory-pace.js";
import { applySlackUser, type DirectorySettings, slackUserSchema, workspaceOf } from "./directory-user.js";
import { webApiClientOptions } from "./errors.js";

// The full directory sync: every page of users.list, one transaction per page holding its accounts and the next
// cursor, so a sync that stops (a crash, a stop, an error) resumes at that cursor next time. Paced for Tier 2;
// a 429 waits its Retry-After. The client must reject rate-limited calls rather than retry them itself
// (createDirectoryClient), or a 429 would be hidden and the pause doubled.

/** The most users.list returns a page (Slack recommends at most 200). */
const pageSize = 200;

export interface SlackDirectorySync {
  /** From createDirectoryClient. */
  client: webApi.WebClient;
  db: Db;
  clock: Clock;
  log: Logger;
  settings: DirectorySettings;
  /** users.list calls a minute (Tier 2: about 20); tests and the benchmark scale it. */
  callsPerMinute: number;
  /** Stops the sync between pages (or during a wait); what was stored stays, the cursor too. */
  signal?: AbortSignal;
}

export interface DirectorySyncCounts {
  /** Accounts users.list listed in this run. */
  seen: number;
  added: number;
  /** Accounts that left: deleted ones listed, and the directory's accounts a finished sync did not see. */
  left: number;
  /** Bots, deleted accounts unknown here, guests while they are skipped, entries that are no account. */
  skipped: number;
  /** users.list calls, the refused ones included. */
  requests: number;
  /** users.list calls answered 429. */
  rateLimited: number;
  /** The last page was read; false when stopped before it (the next run resumes). */
  finished: boolean;
}

/**
 * The sync's own Web API client (the bot's, the CLI's): its paced calls never queue behind or ahead of messages, and
 * a 429 reaches the sync instead of being retried inside the client.
 */
export function createDirectoryClient(token: string, options: webApi.WebClientOptions = {}): webApi.WebClient {
  return new webApi.WebClient(token, { ...options, ...webApiClientOptions });
}

const rateLimitedCode = "slack_webapi_rate_limited_error";

function retryAfterOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, retryAfter } = error as { code?: unknown; retryAfter?: unknown };
  if (code !== rateLimitedCode) return undefined;
  return typeof retryAfter === "number" && retryAfter > 0 ? retryAfter : 1;
}

/** The Slack error code (never the payload) a failed call threw, for the log and the caller. */
function errorCodeOf(error: unknown): string {
  const e = error as { data?: { error?: unknown }; code?: unknown } | undefined;
  const code = e?.data?.error ?? e?.code;
  return typeof code === "string" ? code : "unknown_error";
}

type PageAnswer = { page: webApi.UsersListResponse } | { retryAfter: number } | { error: string };

async function listPage(client: webApi.WebClient, cursor: string): Promise<PageAnswer> {
  try {
    return { page: await client.users.list({ limit: pageSize, include_locale: true, ...(cursor ? { cursor } : {}) }) };
  } catch (error) {
    const retryAfter = retryAfterOf(error);
    return retryAfter === undefined ? { error: errorCodeOf(error) } : { retryAfter };
  }
}

/** Which directory the token's install sees: its workspace, or its enterprise when installed org-wide. */
async function installWorkspace(client: webApi.WebClient): Promise<{ workspace: string; teamId?: string }> {
  const auth = await client.auth.test();
  const workspace = workspaceOf({
    teamId: auth.team_id,
    enterpriseId: auth.enterprise_id,
    orgWide: auth.is_enterprise_install === true,
  });
  return { workspace, ...(auth.team_id ? { teamId: auth.team_id } : {}) };
}

/** Syncs the token's Slack directory: on start, daily, and from `spreekuur directory sync`. */
export async function syncSlackDirectory(options: SlackDirectorySync): Promise<DirectorySyncCounts> {
  const { client, db, clock, log, settings, signal } = options;
  const counts: DirectorySyncCounts = {
    seen: 0,
    added: 0,
    left: 0,
    skipped: 0,
    requests: 0,
    rateLimited: 0,
    finished: false,
  };
  let install: { workspace: string };
  try {
    install = await installWorkspace(client);
  } catch (error) {
    throw new Error(`slack directory sync failed: ${errorCodeOf(error)}`);
  }
  const { workspace } = install;
  const state = startSync(db, "slack", workspace, clock.now());
  const startedAt = state.startedAt ?? clock.now();
  let cursor = state.cursor ?? "";
  const pace = new Pace(options.callsPerMinute, signal);
  while (await pace.turn()) {
    counts.requests++;
    const answer = await listPage(client, cursor);
    if ("retryAfter" in answer) {
      counts.rateLimited++;
      pace.retryAfter(answer.retryAfter);
      continue;
    }
    if ("error" in answer) {
      if (answer.error === "invalid_cursor" && cursor) {
        // A stored cursor Slack no longer takes (it was kept too long): this sync starts over at the first page.
        advanceSync(db, "slack", workspace, "", 0);
        cursor = "";
        continue;
      }
      log.warn({ workspace, code: answer.error, ...counts }, "slack directory sync stopped");
      throw new Error(`slack directory sync failed: ${answer.error}`);
    }
    const { page } = answer;
    const next = page.response_metadata?.next_cursor ?? "";
    const members = page.members ?? [];
    inTransaction(db, () => {
      const now = clock.now();
      for (const member of members) {
        const user = slackUserSchema.safeParse(member);
        const outcome = user.success ? applySlackUser(db, user.data, workspace, settings, now) : "skipped";
        if (outcome !== "updated") counts[outcome]++;
      }
      advanceSync(db, "slack", workspace, next, members.length);
      if (next) return;
      // The last page: whoever the directory had that this sync did not see has left.
      counts.left += markUnseenLeft(db, "slack", workspace, startedAt, now);
      finishSync(db, "slack", workspace, now);
    });
    counts.seen += members.length;
    if (!next) {
      counts.finished = true;
      break;
    }
    cursor = next;
  }
  log.info({ workspace, ...counts }, "slack directory sync");
  return counts;
}
