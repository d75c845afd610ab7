import type { Adapter, Opened } from "../../contract.js";
import { rememberDirectConversation, setReachable } from "../../domain/identities.js";
import { type OutboxRow, setConversation } from "../../domain/outbox.js";
import { inTransaction } from "../../storage/db.js";
import type { CoreContext } from "../context.js";
import { type Outcome, type RetryPolicy, recordOutcome } from "./outcome.js";

// First contact: a member the directory knows but who never wrote has no 1:1 conversation with the bot yet. The
// outbox opens it (Adapter.openDirect) in a paced slot of its own just before the first message, and keeps it.

export type Unopened = OutboxRow & { identity: NonNullable<OutboxRow["identity"]> };

/**
 * A new message to a member's identity with no 1:1 conversation yet (addressed to the user id itself, not to a
 * channel), on a platform that can open one.
 */
export function needsOpening(adapter: Adapter, row: OutboxRow): row is Unopened {
  const identity = row.identity;
  return (
    adapter.openDirect !== undefined &&
    !row.updateOf &&
    identity?.dmConversation === null &&
    row.to.conversation === identity.userId
  );
}

/** Opens under way, by identity: two messages to the same new member in one claim share the one open call. */
export class OpensUnderWay {
  private readonly byIdentity = new Map<number, Promise<Opened | undefined>>();

  /** The open under way for the row's identity (`shared`), else the one `start` begins (undefined: not opened). */
  join(row: Unopened, start: () => Promise<Opened | undefined>) {
    const id = row.identity.id;
    const underWay = this.byIdentity.get(id);
    if (underWay) return { opening: underWay, shared: true };
    const opening = start().finally(() => this.byIdentity.delete(id));
    this.byIdentity.set(id, opening);
    return { opening, shared: false };
  }
}

/** The adapter's open call; a throw is an adapter's bug: answered as a transient failure, so the row waits. */
export async function openDirect(ctx: CoreContext, adapter: Adapter, row: Unopened): Promise<Opened> {
  try {
    const open = adapter.openDirect;
    if (!open) return { ok: false, reason: "invalid", retryable: false, detail: "platform cannot open a conversation" };
    return await open.call(adapter, { user: row.identity.userId, workspace: row.identity.workspace });
  } catch (error) {
    ctx.log.error({ err: error, platform: adapter.platform, outbox: row.id }, "adapter threw while opening");
    return { ok: false, reason: "unavailable", retryable: true, detail: "adapter error" };
  }
}

/** Keeps the opened conversation with the identity (later messages go straight there) and on the row itself. */
export function rememberOpened(ctx: CoreContext, row: Unopened, conversation: string): OutboxRow {
  inTransaction(ctx.db, () => {
    rememberDirectConversation(ctx.db, row.to.platform, row.identity.userId, conversation);
    setConversation(ctx.db, row.id, conversation);
  });
  return { ...row, to: { ...row.to, conversation }, identity: { ...row.identity, dmConversation: conversation } };
}

/**
 * A failed open is recorded as a failed send would be (a 429 waits without an attempt counted, a refused app
 * pauses). A member who cannot be opened to (blocked, or no such user) is unreachable on that identity.
 */
export function recordFailedOpen(
  ctx: CoreContext,
  row: Unopened,
  result: Exclude<Opened, { ok: true }>,
  policy: RetryPolicy,
): Outcome {
  // recordOutcome already marks a blocked member; an account the platform does not know is unreachable too.
  const outcome = recordOutcome(ctx, row, result, policy);
  if (outcome === "failed" && result.reason === "not_found") {
    setReachable(ctx.db, row.to.platform, row.identity.userId, false);
  }
  return outcome;
}
