// The contract between the platform-neutral core and the adapters around it.
// UI is data: the core answers with replies; each adapter renders them with one pure renderer.

export type Platform = "slack" | "teams" | "playground" | "memory";
export const platforms = ["slack", "teams", "playground", "memory"] as const;

export type Locale = "nl" | "en";

/** Where a message goes. `conversation` is opaque to the core (a Slack channel/DM id, a Teams conversation id). */
export interface Address {
  platform: Platform;
  conversation: string;
  user?: string;
}

export interface Action {
  /** Stable, namespaced id such as `signup.join`; the core routes by exact id. */
  id: string;
  label: string;
  value?: string;
  style?: "primary" | "danger";
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
    };

export type DeliveryFailureReason = "blocked" | "not_found" | "invalid" | "unavailable";

export type Delivery =
  | { ok: true; messageId: string }
  | { ok: false; reason: "rate_limited"; retryAfterMs: number }
  /** The app's own failure (revoked token, bad credentials): the platform's sends pause; no member is at fault. */
  | { ok: false; reason: "unauthorized"; detail: string }
  | { ok: false; reason: DeliveryFailureReason; retryable: boolean; detail: string };

export interface Adapter {
  platform: Platform;
  /** Sends on the bot's own initiative. Returns the outcome as a value; only bugs throw. */
  send(to: Address, reply: Reply): Promise<Delivery>;
  /** Replaces a message the bot sent before (e.g. an announcement's places-left count), where the platform can. */
  update?(to: Address, messageId: string, reply: Reply): Promise<Delivery>;
}
