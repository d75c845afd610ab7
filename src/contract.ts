// The contract between the platform-neutral core and the adapters around it.
// UI is data: the core answers with replies; each adapter renders them with one pure renderer.

/**
 * A platform's id as its adapter names itself (stored with every member and outbox row). Open: a new adapter (a
 * shell, Mattermost) brings its own id and profile; the core paces and renders by the profile, never by the id.
 */
export type Platform = string;

export type Locale = "nl" | "en";

/** Where a message goes. `conversation` is opaque to the core (a Slack channel/DM id, a Teams conversation id). */
export interface Address {
  platform: Platform;
  conversation: string;
  user?: string;
  /** The Slack team/enterprise or Teams tenant the conversation is in, when known. */
  workspace?: string;
}

export interface Action {
  /** Stable, namespaced id such as `signup.join`; the core routes by exact id. */
  id: string;
  label: string;
  value?: string;
  style?: "primary" | "danger";
  /** A link button: opens this address in the browser and never reaches the core (the dashboard's sign-in). */
  url?: string;
}

export interface InputOption {
  label: string;
  value: string;
}

export type Block =
  | { kind: "text"; text: string }
  | { kind: "fields"; fields: { label: string; value: string }[] }
  | { kind: "actions"; actions: Action[] }
  | {
      kind: "input";
      id: string;
      label: string;
      /** Choices: rendered as a choice set / static select. */
      options?: InputOption[];
      /**
       * With options: several may be chosen (checkboxes / multi-select). The form value is the chosen values joined
       * by commas, and `value` prefills the same way; option values therefore contain no commas.
       */
      multiple?: boolean;
      /** Current value (prefill). */
      value?: string;
      multiline?: boolean;
      maxLength?: number;
      optional?: boolean;
      /** Validation message shown next to the field. */
      error?: string;
    };

export interface Attachment {
  filename: string;
  mediaType: string;
  content: string;
  /** A calendar invite's session: lets an adapter link to the invite by reference and rebuild it when opened. */
  invite?: InviteRef;
}

export interface InviteRef {
  sessionId: string;
  revision: number;
  cancelled: boolean;
}

export interface Reply {
  /** Plain-text fallback, always set (notifications, screen readers, platforms without cards). */
  text: string;
  /** Short title: a card heading, a modal title. */
  title?: string;
  blocks?: Block[];
  attachments?: Attachment[];
  /** A form: the adapter may show it as a modal (Slack) or in the card (Teams). Submit carries the inputs. */
  form?: { submit: Action; cancel?: Action };
  /** Hint: this reply replaces the card the action came from. */
  replaceSource?: boolean;
  /**
   * Its action values hold a secret only the member's own chat may keep (an anonymous reaction's key): shown as
   * a reply or not at all, never written to the outbox (whose rows name the member) when the platform is down.
   */
  confidential?: boolean;
  /** The language of an answer to a member (set by the core): adapters label what they add in it, no lookup. */
  locale?: Locale;
}

export interface From extends Address {
  user: string;
  /** Platform locale (`nl-NL`, `en-US`), if the platform tells it. */
  locale?: string;
  /** The conversation is the member's direct chat with the bot: proactive messages go there. */
  direct?: boolean;
}

export type Inbound =
  | { kind: "message"; text: string; from: From; eventId?: string }
  | {
      kind: "action";
      actionId: string;
      value?: string;
      form?: Record<string, string>;
      from: From;
      eventId?: string;
      /** The message the click came from, as `Adapter.update` names it; only in the member's direct chat. */
      source?: string;
    };

type DeliveryFailureReason = "blocked" | "not_found" | "invalid" | "unavailable";

export type Delivery =
  | { ok: true; messageId: string }
  /**
   * A 429: no send starts in the workspace (or, with `scope` "conversation", in that conversation) before
   * `retryAfterMs` has passed. Only the workspace the row is in pauses; the others go on.
   */
  | { ok: false; reason: "rate_limited"; retryAfterMs: number; scope?: "workspace" | "conversation" }
  /** The app's own failure (revoked token, bad credentials): the platform's sends pause; no member is at fault. */
  | { ok: false; reason: "unauthorized"; detail: string }
  | { ok: false; reason: DeliveryFailureReason; retryable: boolean; detail: string };

/** A limit over a sliding window: at most `limit` requests in any `perMs`. */
export interface RateWindow {
  limit: number;
  perMs: number;
}

/**
 * What the platform allows a bot to send, per workspace (a Slack team/enterprise, a Teams tenant): one rate for
 * the whole workspace, one per conversation, and longer windows per conversation where the platform has them
 * (Teams: 60 per 30 s, 1,800 per hour). The dispatcher keeps one pacer per workspace.
 */
export interface PlatformRates {
  ratePerSecond: number;
  conversationRatePerSecond: number;
  conversationWindows?: readonly RateWindow[];
}

/** The largest replies the platform shows; the views keep within them. */
export interface PlatformLimits {
  /** Characters in one text block. */
  textLength: number;
  blocksPerMessage: number;
  /** Blocks in a form (a modal, or the card that holds the inputs). */
  blocksPerForm: number;
  fieldsPerBlock: number;
  actionsPerBlock: number;
  /** Characters of a button's or an option's label. */
  labelLength: number;
  optionsPerInput: number;
  /** The most characters an input may accept. */
  inputLength: number;
  /** Characters of a form's title and its submit label. */
  formTitleLength: number;
}

/** What the platform can do beyond sending a message. */
export interface PlatformCapabilities {
  /** A sent message can be replaced (`Adapter.update`). */
  updates: boolean;
  /** Forms open as a modal dialog rather than in the message. */
  modals: boolean;
  /** Replies only the asking member sees. */
  ephemeral: boolean;
  /** Attachments arrive as files (else as links). */
  files: boolean;
}

/** Each adapter declares its platform; the core paces and renders by it, never by the platform's name. */
export interface AdapterProfile {
  rates: PlatformRates;
  limits: PlatformLimits;
  capabilities: PlatformCapabilities;
}

/**
 * Limits every renderer meets, the tightest of the platforms this bot was built for (Block Kit's): for a platform
 * whose adapter is not mounted in this process, and for adapters that stand in for any platform (tests).
 */
export const commonLimits: PlatformLimits = {
  textLength: 3000,
  blocksPerMessage: 50,
  blocksPerForm: 100,
  fieldsPerBlock: 10,
  actionsPerBlock: 25,
  labelLength: 75,
  optionsPerInput: 100,
  inputLength: 3000,
  formTitleLength: 24,
};

export interface Adapter {
  platform: Platform;
  /** Rates, limits and capabilities of the platform, as the adapter declares them. */
  profile: AdapterProfile;
  /** Sends on the bot's own initiative. Returns the outcome as a value; only bugs throw. */
  send(to: Address, reply: Reply): Promise<Delivery>;
  /** Replaces a message the bot sent before (e.g. an announcement's places-left count), where the platform can. */
  update?(to: Address, messageId: string, reply: Reply): Promise<Delivery>;
  /**
   * First contact: opens the 1:1 conversation with a member who never wrote (Slack conversations.open, Teams
   * createConversationAsync in their tenant). The outbox calls it, paced, before the first send to them.
   */
  openDirect?(to: { user: string; workspace: string }): Promise<Opened>;
}

/** The conversation `openDirect` opened, or why it could not (as a send's failure). */
export type Opened = { ok: true; conversation: string } | Exclude<Delivery, { ok: true }>;
