import { type CloudAdapter, type ConversationReference, TeamsInfo, type TurnContext } from "botbuilder";
import type { DirectoryConfig } from "../../src/config/directory-config.js";
import type { PlatformRates } from "../../src/contract.js";
import { advanceSync, finishSync, startSync, syncStates, upsertDirectoryEntry } from "../../src/domain/directory.js";
import type { CoreContext } from "../../src/services/context.js";
import { inTransaction } from "../../src/storage/db.js";
import { loadReference } from "./conversation-refs.js";
import { rosterEntry } from "./directory-entry.js";
import { deliveryFromError } from "./errors.js";

// A team's roster into the member directory: when the bot is added to a team, its members are paged through
// (GET /v3/conversations/{team}/pagedmembers) and stored. The continuation token is kept in directory_syncs with
// each page, in the page's transaction, so a sync cut off by a crash or an outage resumes at that page (at the next
// start, or when the bot is added again). The sync's key is the team id, not the tenant: a tenant holds many
// teams, each with its own cursor. For the same reason a finished sync marks nobody left (markUnseenLeft): a
// member missing from this team may be in another; only membersRemoved says someone left.

/** Teams' largest page (it treats larger asks as 500). */
const rosterPageSize = 500;
/**
 * A page refused as rate limited (after its Retry-After) or transiently (502, 503, unreachable: after a backoff) is
 * asked again, up to this many times in a row, then left for the next start. botbuilder's own retries are off
 * (connector-retries.ts), so these are the only ones.
 */
const refusedTries = 6;
const backoffMs = (attempt: number) => 500 * 2 ** attempt;

export interface TeamsDirectoryDeps {
  cloud: CloudAdapter;
  appId: string;
  ctx: CoreContext;
  config: DirectoryConfig;
  /** Pages are read at most at the per-conversation rate, leaving the tenant's rate to the sends. */
  rates: PlatformRates;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class TeamsDirectory {
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly deps: TeamsDirectoryDeps) {}

  /** Syncs a team's roster in the background (Teams wants its answer to the install at once); once at a time. */
  syncTeam(teamId: string): void {
    if (this.running.has(teamId)) return;
    const run = this.sync(teamId)
      // The outcome, not the error: a connector error carries the request, and nothing of it belongs in a log.
      .catch((error: unknown) =>
        this.deps.ctx.log.warn({ platform: "teams", outcome: deliveryFromError(error) }, "team roster sync failed"),
      )
      .finally(() => this.running.delete(teamId));
    this.running.set(teamId, run);
  }

  /** The syncs a crash or an outage left unfinished continue at their stored page. */
  resumeUnfinished(): void {
    for (const state of syncStates(this.deps.ctx.db)) {
      if (state.platform === "teams" && state.cursor !== undefined) this.syncTeam(state.workspace);
    }
  }

  /** Resolves when no sync is under way. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all(this.running.values());
  }

  private async sync(teamId: string): Promise<void> {
    const { ctx, cloud, appId } = this.deps;
    const reference = loadReference(ctx.db, teamId);
    const tenant = reference?.conversation?.tenantId;
    if (!reference || !tenant) {
      ctx.log.warn({ platform: "teams" }, "team roster sync: no stored reference with a tenant for the team");
      return;
    }
    const state = startSync(ctx.db, "teams", teamId, ctx.clock.now());
    let failure: unknown;
    await cloud.continueConversationAsync(appId, reference as ConversationReference, async (context) => {
      // Caught here: CloudAdapter would hand it to onTurnError.
      try {
        await this.pages(context, teamId, tenant, state.cursor || undefined);
      } catch (error) {
        failure = error;
      }
    });
    if (failure !== undefined) throw failure;
  }

  private async pages(context: TurnContext, teamId: string, tenant: string, from: string | undefined): Promise<void> {
    const { ctx, config, rates } = this.deps;
    const pause = Math.ceil(1000 / rates.conversationRatePerSecond);
    let token = from;
    let limited = 0;
    for (;;) {
      // Pages start `pause` apart (storing one counts toward the wait for the next), not `pause` after each other.
      const startedAt = Date.now();
      let page: Awaited<ReturnType<typeof TeamsInfo.getPagedTeamMembers>>;
      try {
        page = await TeamsInfo.getPagedTeamMembers(context, teamId, rosterPageSize, token);
      } catch (error) {
        const outcome = deliveryFromError(error);
        if (!outcome.ok && ++limited < refusedTries) {
          if (outcome.reason === "rate_limited") {
            await sleep(outcome.retryAfterMs);
            continue;
          }
          if (outcome.reason === "unavailable") {
            await sleep(backoffMs(limited - 1));
            continue;
          }
        }
        // The cursor stays: the next start (or the next install event) resumes here.
        ctx.log.warn({ platform: "teams", outcome }, "team roster page refused; the sync resumes later");
        return;
      }
      limited = 0;
      const next = page.continuationToken || undefined;
      const now = ctx.clock.now();
      // Immediate: a read-then-write transaction cannot take the write lock after the core's thread has committed.
      inTransaction(ctx.db, () => {
        let stored = 0;
        for (const account of page.members ?? []) {
          const entry = rosterEntry(account, tenant, config);
          if (!entry) continue;
          upsertDirectoryEntry(ctx.db, entry, now);
          stored++;
        }
        advanceSync(ctx.db, "teams", teamId, next ?? "", stored);
        if (!next) finishSync(ctx.db, "teams", teamId, now);
      });
      if (!next) return;
      token = next;
      await sleep(Math.max(0, pause - (Date.now() - startedAt)));
    }
  }
}
