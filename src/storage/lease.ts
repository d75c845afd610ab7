import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Clock } from "../clock.js";
import { ConfigError } from "../env.js";
import type { Logger } from "../log.js";
import type { Db } from "./db.js";
import { isBusyError } from "./db-errors.js";

// One bot per database: two bots would share the outbox and each send part of a broadcast. The running bot holds
// the single bot_lease row and renews it; a crashed holder's lease expires (or its process is gone) and is taken
// over. CLI commands never take it, so they keep working beside the bot.

interface LeaseRow {
  token: string;
  host: string;
  pid: number;
  started_at: number;
  renewed_at: number;
  expires_at: number;
}

/** Another bot holds the lease; the message names it, on one line. */
class LeaseHeldError extends ConfigError {
  override name = "LeaseHeldError";
}

export interface LeaseOptions {
  renewMs: number;
  expiryMs: number;
  clock: Clock;
  log: Logger;
  /** Called once when the lease was lost (taken over, or not renewed in time): this bot must stop. */
  onLost: () => void;
}

const describe = (row: LeaseRow) =>
  `${row.host} pid ${row.pid}, started ${new Date(row.started_at).toISOString()}, ` +
  `last renewed ${new Date(row.renewed_at).toISOString()}`;

/** The holder is on this machine and its process no longer exists: a crash, no need to wait for the expiry. */
function holderGone(row: LeaseRow): boolean {
  if (row.host !== hostname() || row.pid === process.pid) return false;
  try {
    process.kill(row.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

export class BotLease {
  private timer: NodeJS.Timeout | undefined;
  private validUntil: number;

  private constructor(
    private readonly db: Db,
    private readonly token: string,
    private readonly options: LeaseOptions,
    expiresAt: number,
  ) {
    this.validUntil = expiresAt;
  }

  /** Takes the lease or throws LeaseHeldError naming the live holder; then renews it every `renewMs`. */
  static take(db: Db, databasePath: string, options: LeaseOptions): BotLease {
    const now = options.clock.now();
    const token = randomUUID();
    const expiresAt = now + options.expiryMs;
    db.transaction(() => {
      const held = db.prepare<[], LeaseRow>("SELECT * FROM bot_lease WHERE id = 1").get();
      if (held && held.expires_at > now && !holderGone(held)) {
        throw new LeaseHeldError(
          `DATABASE_PATH=${databasePath} is in use by another Spreekuur bot (${describe(held)}). ` +
            `Stop that bot first (one bot per database; CLI commands may run beside it), or wait until its lease ` +
            `expires ${Math.ceil(options.expiryMs / 1000)} s after its last renewal.`,
        );
      }
      if (held) options.log.warn({ host: held.host, pid: held.pid }, "took over the lease of a stopped bot");
      db.prepare(
        `INSERT INTO bot_lease (id, token, host, pid, started_at, renewed_at, expires_at) VALUES (1, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET token = excluded.token, host = excluded.host, pid = excluded.pid,
           started_at = excluded.started_at, renewed_at = excluded.renewed_at, expires_at = excluded.expires_at`,
      ).run(token, hostname(), process.pid, now, now, expiresAt);
    }).immediate();
    const lease = new BotLease(db, token, options, expiresAt);
    lease.timer = setInterval(() => lease.renew(), options.renewMs);
    lease.timer.unref();
    return lease;
  }

  /** Extends the lease; a busy database is tried again at the next interval, until the lease would run out. */
  renew(): boolean {
    if (!this.timer) return false;
    const now = this.options.clock.now();
    try {
      const expiresAt = now + this.options.expiryMs;
      const changed = this.db
        .prepare("UPDATE bot_lease SET renewed_at = ?, expires_at = ? WHERE id = 1 AND token = ?")
        .run(now, expiresAt, this.token).changes;
      if (changed === 1) {
        this.validUntil = expiresAt;
        return true;
      }
      this.lost("taken over by another bot");
    } catch (error) {
      if (!isBusyError(error)) throw error;
      this.options.log.warn("lease renewal waited on a busy database");
      if (now >= this.validUntil) this.lost("not renewed before it expired");
    }
    return false;
  }

  /** On a clean stop: the next bot may start at once. */
  release(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.db.prepare("DELETE FROM bot_lease WHERE id = 1 AND token = ?").run(this.token);
  }

  private lost(why: string): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.options.log.error({ why }, "lease on the database lost: this bot stops");
    this.options.onLost();
  }
}
