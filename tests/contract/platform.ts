import type { ManualClock } from "../../src/clock.js";
import type { Adapter } from "../../src/contract.js";
import { parseSessionsCsv } from "../../src/domain/session-import.js";
import type { CoreContext } from "../../src/services/context.js";
import { drainOnce } from "../../src/services/delivery/drain.js";
import { importSessions } from "../../src/services/session-service.js";

// What a contract flow sees of a platform (see harness.ts), and the helpers both platform drivers share.

export interface ShownInput {
  id: string;
  kind: "text" | "choice";
  multiline: boolean;
  multiple: boolean;
  maxLength?: number;
  options: { label: string; value: string }[];
  /** The prefilled value; for a multiple choice the values joined by commas, as in the contract. */
  value?: string;
}

export interface ShownFile {
  filename: string;
  content: string;
}

/** One surface the member saw: a message, a modal (Slack), a card (Teams), possibly replacing an earlier one. */
export interface Shown {
  text: string;
  buttons: string[];
  inputs: ShownInput[];
  /** Validation messages by input id. */
  errors: Record<string, string>;
  files: ShownFile[];
  /** Slack: the raw payload's size (blocks count); Teams: the card's bytes. For limit checks. */
  blockCount: number;
  bytes: number;
  title?: string;
}

export interface Member {
  readonly id: string;
  /** The member key as the core knows it ("slack:U1", "teams:29:a"). */
  readonly key: string;
  /** Everything this member was shown, oldest first. */
  readonly seen: Shown[];
  say(text: string): Promise<Shown[]>;
  /** Presses the button with this label (or matching it) on the newest surface that has one. */
  press(label: string | RegExp): Promise<Shown[]>;
  /** Fills in and submits the newest form. Values by input id; a multiple choice takes values joined by commas. */
  submit(values: Record<string, string>): Promise<Shown[]>;
}

export interface Platform {
  readonly name: "slack" | "teams";
  readonly ctx: CoreContext;
  readonly clock: ManualClock;
  /** The key prefix of this platform's members: ORGANISERS and leader_id use it. */
  key(id: string): string;
  member(id: string): Promise<Member>;
  /** Delivers what the core queued on its own initiative (the outbox) through the real adapter. */
  drain(): Promise<void>;
  /** The platform refuses the next message the bot sends: the member blocked the bot (Slack error, Teams 403). */
  blockNextSend(): void;
  /** Every platform limit a shown surface broke (Block Kit limits; Adaptive Card schema and size). Empty is good. */
  readonly problems: string[];
  stop(): Promise<void>;
}

export interface PlatformOptions {
  now: number;
  /** Member ids (without platform) who are organisers. */
  organisers?: string[];
  sessionsCsv?: (key: (id: string) => string) => string;
  /** The SQLite file: a fresh one unless given (a restart starts a new platform on the same file). */
  databasePath?: string;
}

export type PlatformFactory = (options: PlatformOptions) => Promise<Platform>;

export function importCsv(ctx: CoreContext, csv: string): void {
  const parsed = parseSessionsCsv(csv, ctx.config.BOT_TIMEZONE);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const outcome = importSessions(ctx, parsed.sessions, parsed.lines);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
}

export const matches = (label: string | RegExp, text: string) =>
  typeof label === "string" ? text === label : label.test(text);

/** What a submit carries: every input's current (prefilled) value, then what the member typed or chose. */
export const formWith = (inputs: ShownInput[], values: Record<string, string>): Record<string, string> => ({
  ...Object.fromEntries(inputs.flatMap((i) => (i.value !== undefined ? [[i.id, i.value]] : []))),
  ...values,
});

export async function drainAll(ctx: CoreContext, adapter: Adapter): Promise<void> {
  while ((await drainOnce(ctx, adapter)) > 0) {}
}
