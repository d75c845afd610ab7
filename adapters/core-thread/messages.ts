import type { CoreConfig } from "../../src/config/core-config.js";
import type { AdapterProfile, Inbound, Platform, Reply } from "../../src/contract.js";

// What the request thread and the core's thread say to each other (structured clones, nothing shared but the clock).

export interface ThreadData {
  config: CoreConfig;
  /** The system's time, or the shared cell of the app's manual clock (tests). */
  clock: "system" | SharedArrayBuffer;
  logLevel: string;
  busyTimeoutMs: number;
  publicUrl: string;
}

export type ToThread =
  | { kind: "turn"; id: number; inbound: Inbound }
  | { kind: "profile"; platform: Platform; profile: AdapterProfile }
  | { kind: "publicUrl"; url: string }
  | { kind: "stop" };

export type FromThread =
  | { kind: "ready" }
  | { kind: "replies"; id: number; replies: Reply[] }
  /** A bug in a turn (the core never throws for user input): raised again on the request thread for that turn. */
  | { kind: "failed"; id: number; message: string }
  /** A log line the thread's logger wrote (already redacted there). */
  | { kind: "log"; line: string };
