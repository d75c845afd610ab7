import type { Action, Attachment, Block, Locale, Reply } from "../../src/contract.js";
import { linkTexts } from "../../src/i18n/link-texts.js";
import { teamsTexts } from "../../src/i18n/teams-texts.js";
import {
  type AdaptiveCard,
  adaptiveCardContentType,
  type CardAction,
  type CardElement,
  type ExecuteAction,
} from "./card-types.js";

// The one Teams renderer: a core reply in, an Adaptive Card 1.5 (and the activity around it) out. Pure.

export interface RenderOptions {
  locale?: Locale;
  /** Where an attachment (the calendar invite, a file) can be opened; without it attachments are left out. */
  linkFor?: (attachment: Attachment) => string | undefined;
}

const styles = { primary: "positive", danger: "destructive" } as const;

function execute(action: Action, associatedInputs: "auto" | "none" = "none"): ExecuteAction {
  const data = { actionId: action.id, ...(action.value !== undefined ? { value: action.value } : {}) };
  const style = action.style ? { style: styles[action.style] } : {};
  return {
    type: "Action.Execute",
    title: action.label,
    verb: action.id,
    data,
    associatedInputs,
    ...style,
    fallback: { type: "Action.Submit", title: action.label, data, associatedInputs, ...style },
  };
}

function inputElements(block: Extract<Block, { kind: "input" }>, locale: Locale): CardElement[] {
  const common = {
    id: block.id,
    label: block.label,
    isRequired: !block.optional,
    errorMessage: block.error ?? teamsTexts(locale).fieldRequired,
    ...(block.value !== undefined ? { value: block.value } : {}),
  };
  const input: CardElement = block.options
    ? {
        type: "Input.ChoiceSet",
        ...common,
        // Several choices show as a check list (Teams sends them comma-separated); one choice as a dropdown.
        ...(block.multiple ? { style: "expanded", isMultiSelect: true } : { style: "compact" }),
        choices: block.options.map((o) => ({ title: o.label, value: o.value })),
      }
    : {
        type: "Input.Text",
        ...common,
        ...(block.maxLength ? { maxLength: block.maxLength } : {}),
        ...(block.multiline ? { isMultiline: true } : {}),
      };
  // The core's validation message stays visible under the field after a server-side check.
  const error: CardElement[] = block.error
    ? [{ type: "TextBlock", text: block.error, wrap: true, color: "Attention", size: "Small", spacing: "None" }]
    : [];
  return [input, ...error];
}

function blockElements(block: Block, locale: Locale): CardElement[] {
  switch (block.kind) {
    case "text":
      return [{ type: "TextBlock", text: block.text, wrap: true }];
    case "fields":
      return block.fields.length
        ? [{ type: "FactSet", facts: block.fields.map((f) => ({ title: f.label, value: f.value })) }]
        : [];
    case "actions":
      return block.actions.length ? [{ type: "ActionSet", actions: block.actions.map((a) => cardAction(a)) }] : [];
    case "input":
      return inputElements(block, locale);
  }
}

/** A link button opens its address; every other button is an `Action.Execute` to the bot. */
const cardAction = (action: Action): CardAction =>
  action.url ? { type: "Action.OpenUrl", title: action.label, url: action.url } : execute(action);

/** The reply as an Adaptive Card 1.5. */
export function renderCard(reply: Reply, options: RenderOptions = {}): AdaptiveCard {
  const locale = options.locale ?? "nl";
  const body: CardElement[] = [];
  if (reply.title) body.push({ type: "TextBlock", text: reply.title, wrap: true, weight: "Bolder", size: "Medium" });
  const blocks = reply.blocks?.length ? reply.blocks : [{ kind: "text", text: reply.text } satisfies Block];
  for (const block of blocks) body.push(...blockElements(block, locale));

  const actions: CardAction[] = [];
  if (reply.form) {
    actions.push(execute(reply.form.submit, "auto"));
    if (reply.form.cancel) actions.push(execute(reply.form.cancel));
  }
  // An attachment is a link button here (never a file): it comes first, before the card's other buttons
  // ("Zet in agenda" before "Afmelden"), in the last row of buttons when there is one.
  const links: CardAction[] = [];
  for (const attachment of reply.attachments ?? []) {
    const url = options.linkFor?.(attachment);
    const t = linkTexts(locale);
    const title = attachment.mediaType === "text/calendar" ? t.addToCalendar : t.download(attachment.filename);
    if (url) links.push({ type: "Action.OpenUrl", title, url });
  }
  const lastRow = body.findLast((element) => element.type === "ActionSet");
  if (links.length && lastRow && lastRow.type === "ActionSet" && !reply.form) lastRow.actions.unshift(...links);
  else actions.push(...links);
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    fallbackText: reply.text,
    body,
    ...(actions.length ? { actions } : {}),
  };
}

export interface CardActivity {
  type: "message";
  /** The plain-text fallback: notifications and clients that cannot show the card. */
  summary: string;
  attachments: { contentType: typeof adaptiveCardContentType; content: AdaptiveCard }[];
}

/** The reply as a message activity carrying the card. */
export function renderActivity(reply: Reply, options: RenderOptions = {}): CardActivity {
  return {
    type: "message",
    summary: reply.text,
    attachments: [{ contentType: adaptiveCardContentType, content: renderCard(reply, options) }],
  };
}

/** The invoke answer that replaces the card an `Action.Execute` came from. */
export function cardInvokeResponse(reply: Reply, options: RenderOptions = {}) {
  return { statusCode: 200, type: adaptiveCardContentType, value: renderCard(reply, options) };
}
