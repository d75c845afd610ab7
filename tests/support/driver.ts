import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryAdapter } from "../../adapters/memory/memory-adapter.js";
import { ManualClock } from "../../src/clock.js";
import { type CoreConfig, loadCoreConfig } from "../../src/config/core-config.js";
import type { Action, Block, Reply } from "../../src/contract.js";
import { type Core, createCore } from "../../src/core.js";
import { parseSessionsCsv } from "../../src/domain/session-import.js";
import { silentLogger } from "../../src/log.js";
import type { CoreContext } from "../../src/services/context.js";
import { drainOnce } from "../../src/services/delivery/drain.js";
import { importSessions } from "../../src/services/session-service.js";
import { openDatabase } from "../../src/storage/db.js";

/** A fresh database file in a temp folder. */
export function tempDatabasePath(): string {
  return join(mkdtempSync(join(tmpdir(), "spreekuur-test-")), "spreekuur.db");
}

/** 1 June 2027, 10:00 in Amsterdam: before every example session. */
export const june2027 = Date.UTC(2027, 5, 1, 8, 0);

export interface DriverOptions {
  env?: Record<string, string>;
  now?: number;
  /** CSV text to import first. */
  sessionsCsv?: string;
}

/** Runs whole conversations against the real core and a real SQLite file, without Slack or Teams. */
export class Driver {
  readonly clock: ManualClock;
  readonly adapter = new MemoryAdapter("memory");
  readonly ctx: CoreContext;
  readonly core: Core;

  constructor(options: DriverOptions = {}) {
    const config: CoreConfig = loadCoreConfig({ DATABASE_PATH: tempDatabasePath(), ...options.env });
    this.clock = new ManualClock(options.now ?? june2027);
    this.ctx = { db: openDatabase(config.DATABASE_PATH), config, clock: this.clock, log: silentLogger };
    this.core = createCore(this.ctx);
    if (options.sessionsCsv) this.importCsv(options.sessionsCsv);
  }

  importCsv(text: string): void {
    const parsed = parseSessionsCsv(text, this.ctx.config.BOT_TIMEZONE);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const outcome = importSessions(this.ctx, parsed.sessions, parsed.lines);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  }

  gp(userId: string, locale?: string): GpDriver {
    return new GpDriver(this, userId, locale);
  }

  /** Delivers what the bot queued on its own initiative to the memory adapter. */
  async deliver(): Promise<void> {
    while ((await drainOnce(this.ctx, this.adapter)) > 0) {}
  }

  inbox(userId: string): Reply[] {
    return this.adapter.to(userId);
  }

  close(): void {
    this.ctx.db.close();
  }
}

export class GpDriver {
  constructor(
    private readonly driver: Driver,
    readonly userId: string,
    private readonly locale?: string,
  ) {}

  private get from() {
    return {
      platform: "memory" as const,
      conversation: `dm-${this.userId}`,
      user: this.userId,
      direct: true,
      ...(this.locale ? { locale: this.locale } : {}),
    };
  }

  say(text: string): Reply[] {
    return this.driver.core.handle({ kind: "message", text, from: this.from });
  }

  click(actionId: string, value?: string, form?: Record<string, string>): Reply[] {
    return this.driver.core.handle({
      kind: "action",
      actionId,
      ...(value !== undefined ? { value } : {}),
      ...(form ? { form } : {}),
      from: this.from,
    });
  }

  /** Clicks a button found in a reply by its label or id. */
  press(reply: Reply | undefined, labelOrId: string, nth = 0): Reply[] {
    const action = findActions(reply).filter((a) => a.label === labelOrId || a.id === labelOrId)[nth];
    if (!action) throw new Error(`no button "${labelOrId}" in: ${reply?.text}`);
    return this.click(action.id, action.value);
  }

  /** Signs up for a session, answering the profile question when it comes. */
  signUp(sessionId: string, name = `Dokter ${this.userId}`, role = "huisarts"): Reply {
    const [first] = this.click("signup.join", sessionId);
    if (first?.form) {
      const [reply] = this.click(first.form.submit.id, first.form.submit.value, { roster_name: name, role });
      if (!reply) throw new Error("no reply to the profile form");
      return reply;
    }
    if (!first) throw new Error("no reply to sign-up");
    return first;
  }
}

export function findActions(reply: Reply | undefined): Action[] {
  const blocks: Block[] = reply?.blocks ?? [];
  return [
    ...blocks.flatMap((b) => (b.kind === "actions" ? b.actions : [])),
    ...(reply?.form ? [reply.form.submit] : []),
  ];
}

/** A compact CSV of sessions for tests: id, city, region, capacity, date (Sept 2027 by default). */
export function sessionsCsv(
  rows: {
    id: string;
    city?: string;
    region?: string;
    capacity?: number;
    date?: string;
    audience?: string;
    deadline?: string;
    /** The leader's chat user; the leader_id column is added when any row has one. */
    leaderId?: string;
  }[],
): string {
  const withLeader = rows.some((r) => r.leaderId !== undefined);
  const header = `id,title,date,start_time,end_time,venue,address,city,region,leader,capacity,audience,signup_deadline${withLeader ? ",leader_id" : ""}`;
  const lines = rows.map((r) =>
    [
      r.id,
      `Denksessie ${r.city ?? "Utrecht"}`,
      r.date ?? "2027-09-15",
      "19:30",
      "22:00",
      "Zaal 1",
      "Straat 1",
      r.city ?? "Utrecht",
      r.region ?? "Utrecht",
      "Anne de Vries",
      r.capacity ?? 20,
      r.audience ?? "both",
      r.deadline ?? "",
      ...(withLeader ? [r.leaderId ?? ""] : []),
    ].join(","),
  );
  return [header, ...lines].join("\n");
}
