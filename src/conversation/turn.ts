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
  /** The card a click came from (in the member's direct chat), as `Adapter.update` names it. */
  source?: string;
  /** The sender as the audit log and created_by name them: their member id. */
  actor: number;
}

/**
 * Who may use an action or a text intent: every member, the leader of the session it is about, or an organiser.
 * The router checks it before the feature runs; features never check roles themselves.
 */
export type Who = "member" | "leader" | "organiser";

export type ActionHandler = (
  turn: Turn,
  value: string | undefined,
  form: Record<string, string> | undefined,
) => Reply[];

/** What the router may offer someone refused instead of the refusal; undefined: the refusal. */
type InsteadOfRefusal = (turn: Turn) => Reply[] | undefined;

/** A button or form the feature owns, with who may press it. */
export interface DeclaredAction {
  who: Who;
  run: ActionHandler;
  /** For "leader": the session the click is about. The action value itself unless said otherwise. */
  sessionOf?: (value: string | undefined) => string | undefined;
  insteadOfRefusal?: InsteadOfRefusal;
}

/** What a feature understood in a text: an id (for the audit), who may ask it, and what to do. */
export interface TextIntent {
  id: string;
  who: Who;
  /** For "leader": the session the text is about. */
  sessionId?: string;
  run: (turn: Turn) => Reply[];
  insteadOfRefusal?: InsteadOfRefusal;
}

/** A slice of the conversation (sign-ups, broadcasts, polls…): the buttons it owns and the texts it understands. */
export interface Feature {
  actions?: Record<string, DeclaredAction>;
  /** Tried in order before the member intents; undefined when the text is not for this feature. */
  text?: (turn: Turn, text: string) => TextIntent | undefined;
}

export const forMembers = (run: ActionHandler): DeclaredAction => ({ who: "member", run });
export const forOrganisers = (run: ActionHandler): DeclaredAction => ({ who: "organiser", run });
export const forLeaders = (run: ActionHandler, sessionOf?: DeclaredAction["sessionOf"]): DeclaredAction => ({
  who: "leader",
  run,
  ...(sessionOf ? { sessionOf } : {}),
});

/** A text intent every member may use. */
export const memberText = (id: string, run: TextIntent["run"]): TextIntent => ({ id, who: "member", run });
/** A text intent only organisers may use. */
export const organiserText = (id: string, run: TextIntent["run"]): TextIntent => ({ id, who: "organiser", run });
