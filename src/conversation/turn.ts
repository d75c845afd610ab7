import type { From, Reply } from "../contract.js";
import type { CoreContext } from "../services/context.js";
import type { Member } from "../types.js";
import type { ViewContext } from "../views/view-context.js";

/** One inbound message or click, with who sent it and how to speak to them. */
export interface Turn {
  ctx: CoreContext;
  member: Member;
  from: From;
  view: ViewContext;
  now: number;
  isOrganiser: boolean;
  /** The sender as `platform:userId`: how organisers, leaders and the audit log name them. */
  actor: string;
}

export type ActionHandler = (
  turn: Turn,
  value: string | undefined,
  form: Record<string, string> | undefined,
) => Reply[];

/** A slice of the conversation (sign-ups, broadcasts, polls…): the buttons it owns and the texts it understands. */
export interface Feature {
  actions?: Record<string, ActionHandler>;
  /** Tried in order before the member intents; undefined when the text is not for this feature. */
  text?: (turn: Turn, text: string) => Reply[] | undefined;
}
