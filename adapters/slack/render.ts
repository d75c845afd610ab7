import type { types } from "@slack/bolt";
import type { Action, Block, Reply } from "../../src/contract.js";

// The one Block Kit renderer: pure functions from the core's replies to Slack messages, modals and the App Home.
// Slack refuses whole payloads that break its limits, so every limit is met here by shortening or paging.

type KnownBlock = types.KnownBlock;
type ModalView = types.ModalView;
type HomeView = types.HomeView;
type Button = types.Button;

export const limits = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  field: 2000,
  fieldsPerSection: 10,
  buttonText: 75,
  buttonValue: 2000,
  elementsPerActions: 25,
  modalTitle: 24,
  privateMetadata: 3000,
  label: 2000,
  options: 100,
  optionText: 75,
  fallbackText: 3000,
} as const;

/** The callback id of every modal the bot opens. */
export const formCallbackId = "spreekuur.form";

/** Cuts text to `max` characters, marking the cut with an ellipsis. */
export function shorten(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** Core text to Slack mrkdwn: escapes the three control characters and turns `**bold**` into `*bold*`. */
export function toMrkdwn(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\*\*(.+?)\*\*/gs, "*$1*");
}

/** Plain text for notifications and plain_text fields: the bold markers removed. */
export function toPlain(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/gs, "$1");
}

/** Splits long text into pieces of at most `max` characters, preferring line breaks. */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = rest.lastIndexOf("\n", max);
    const at = cut > max / 2 ? cut : max;
    pieces.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, "");
  }
  if (rest.length || !pieces.length) pieces.push(rest);
  return pieces;
}

/** A core action id travels as the button's action_id; `#n` keeps ids unique within one block. */
export function coreActionId(actionId: string): string {
  const hash = actionId.indexOf("#");
  return hash < 0 ? actionId : actionId.slice(0, hash);
}

function button(action: Action, index: number, seen: Set<string>): Button {
  const actionId = seen.has(action.id) ? `${action.id}#${index}` : action.id;
  seen.add(action.id);
  const element: Button = {
    type: "button",
    action_id: actionId,
    text: { type: "plain_text", text: shorten(toPlain(action.label), limits.buttonText), emoji: true },
  };
  if (action.value !== undefined) element.value = shorten(action.value, limits.buttonValue);
  if (action.style) element.style = action.style;
  return element;
}

function sectionBlocks(text: string): KnownBlock[] {
  return splitText(toMrkdwn(text), limits.sectionText).map((piece) => ({
    type: "section",
    text: { type: "mrkdwn", text: piece || " " },
  }));
}

type SelectOption = { text: { type: "plain_text"; text: string }; value: string };

/** Past Slack's 100 options per list, options go in labelled groups of 100 (up to 100 groups). */
function optionsOf(options: SelectOption[]) {
  if (options.length <= limits.options) return { options };
  const groups = [];
  for (let i = 0; i < options.length && groups.length < limits.options; i += limits.options) {
    const chunk = options.slice(i, i + limits.options);
    groups.push({ label: { type: "plain_text" as const, text: `${i + 1}–${i + chunk.length}` }, options: chunk });
  }
  return { option_groups: groups };
}

function inputBlock(block: Extract<Block, { kind: "input" }>): KnownBlock {
  const label = { type: "plain_text" as const, text: shorten(toPlain(block.label), limits.label) };
  const optional = block.optional ?? false;
  if (block.options) {
    const options: SelectOption[] = block.options.map((o) => ({
      text: { type: "plain_text" as const, text: shorten(o.label, limits.optionText) },
      value: shorten(o.value, 150),
    }));
    if (block.multiple) {
      // The contract's multiple choice: a multi-select whose chosen values the handler joins with commas.
      const chosen = new Set((block.value ?? "").split(",").filter(Boolean));
      const initial = options.filter((o) => chosen.has(o.value));
      return {
        type: "input",
        block_id: block.id,
        label,
        optional,
        element: {
          type: "multi_static_select",
          action_id: block.id,
          ...optionsOf(options),
          ...(initial.length ? { initial_options: initial } : {}),
        },
      };
    }
    const initial = options.find((o) => o.value === block.value);
    return {
      type: "input",
      block_id: block.id,
      label,
      optional,
      element: {
        type: "static_select",
        action_id: block.id,
        ...optionsOf(options),
        ...(initial ? { initial_option: initial } : {}),
      },
    };
  }
  return {
    type: "input",
    block_id: block.id,
    label,
    optional,
    element: {
      type: "plain_text_input",
      action_id: block.id,
      multiline: block.multiline ?? false,
      ...(block.maxLength ? { max_length: Math.min(block.maxLength, 3000) } : {}),
      ...(block.value ? { initial_value: shorten(block.value, Math.min(block.maxLength ?? 3000, 3000)) } : {}),
    },
  };
}

/** Renders core blocks; inputs become Slack inputs in views and plain labels in messages. */
export function renderBlocks(blocks: Block[], surface: "message" | "view"): KnownBlock[] {
  const out: KnownBlock[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case "text":
        out.push(...sectionBlocks(block.text));
        break;
      case "fields":
        for (let i = 0; i < block.fields.length; i += limits.fieldsPerSection) {
          out.push({
            type: "section",
            fields: block.fields.slice(i, i + limits.fieldsPerSection).map((f) => ({
              type: "mrkdwn" as const,
              text: shorten(`*${toMrkdwn(toPlain(f.label))}*\n${toMrkdwn(f.value)}`, limits.field),
            })),
          });
        }
        break;
      case "actions": {
        const seen = new Set<string>();
        for (let i = 0; i < block.actions.length; i += limits.elementsPerActions) {
          const chunk = block.actions.slice(i, i + limits.elementsPerActions);
          out.push({ type: "actions", elements: chunk.map((a, j) => button(a, i + j, seen)) });
        }
        break;
      }
      case "input":
        if (surface === "view") out.push(inputBlock(block));
        else out.push(...sectionBlocks(`**${block.label}**${block.value ? `\n${block.value}` : ""}`));
        break;
    }
  }
  return out;
}

/** Keeps at most `max` blocks: the head, a "…" marker, and the last block when it holds the buttons (paging). */
export function fitBlocks(blocks: KnownBlock[], max: number): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const last = blocks[blocks.length - 1];
  const keepLast = last?.type === "actions";
  const head = blocks.slice(0, max - (keepLast ? 2 : 1));
  const marker: KnownBlock = { type: "context", elements: [{ type: "plain_text", text: "…" }] };
  return keepLast && last ? [...head, marker, last] : [...head, marker];
}

export interface MessagePayload {
  text: string;
  blocks: KnownBlock[];
}

/**
 * A form in a message (one typed in chat has no trigger_id to open a modal): real input blocks, each error in a
 * context block under its field, and the submit and cancel buttons, whose click carries the inputs' state.
 */
function inlineForm(reply: Reply & { form: NonNullable<Reply["form"]> }): KnownBlock[] {
  const errors = formErrors(reply);
  const out: KnownBlock[] = [];
  for (const block of renderBlocks(reply.blocks ?? [{ kind: "text", text: reply.text }], "view")) {
    out.push(block);
    const error = block.type === "input" && block.block_id ? errors[block.block_id] : undefined;
    if (error) out.push({ type: "context", elements: [{ type: "mrkdwn", text: `:warning: ${toMrkdwn(error)}` }] });
  }
  const { submit, cancel } = reply.form;
  const seen = new Set<string>();
  out.push({ type: "actions", elements: [submit, ...(cancel ? [cancel] : [])].map((a, i) => button(a, i, seen)) });
  return out;
}

/** A reply as a chat message (chat.postMessage, chat.update, response_url). */
export function renderMessage(reply: Reply): MessagePayload {
  const blocks = reply.blocks?.length ? reply.blocks : [{ kind: "text" as const, text: reply.text }];
  const rendered = reply.form ? inlineForm({ ...reply, form: reply.form }) : renderBlocks(blocks, "message");
  return {
    text: shorten(toPlain(reply.text), limits.fallbackText),
    blocks: fitBlocks(rendered, limits.messageBlocks),
  };
}

/** What a modal carries back on submit: the core's submit action and value, and where it was opened from. */
export interface FormMetadata {
  a: string;
  v?: string;
  /** Channel and ts of the message the form came from (to replace it), when there was one. */
  c?: string;
  t?: string;
}

export function encodeMetadata(meta: FormMetadata): string {
  const full = JSON.stringify(meta);
  if (full.length <= limits.privateMetadata) return full;
  // The source message is a nicety: drop it first; the action and value are what the core needs.
  const core = JSON.stringify({ a: meta.a, ...(meta.v !== undefined ? { v: meta.v } : {}) });
  if (core.length <= limits.privateMetadata) return core;
  return JSON.stringify({ a: shorten(meta.a, 255) });
}

export function decodeMetadata(text: string | undefined): FormMetadata | undefined {
  try {
    const meta = JSON.parse(text ?? "") as Partial<FormMetadata>;
    if (typeof meta.a !== "string") return undefined;
    return {
      a: meta.a,
      ...(typeof meta.v === "string" ? { v: meta.v } : {}),
      ...(typeof meta.c === "string" ? { c: meta.c } : {}),
      ...(typeof meta.t === "string" ? { t: meta.t } : {}),
    };
  } catch {
    return undefined;
  }
}

/** A reply with a form as a modal: inputs keep their ids as block ids so errors and values map back. */
export function renderModal(reply: Reply, source: { c?: string; t?: string } = {}): ModalView {
  const form = reply.form;
  const blocks = fitBlocks(renderBlocks(reply.blocks ?? [{ kind: "text", text: reply.text }], "view"), 100);
  const view: ModalView = {
    type: "modal",
    callback_id: formCallbackId,
    title: { type: "plain_text", text: shorten(toPlain(reply.title ?? reply.text), limits.modalTitle) },
    blocks,
    private_metadata: form
      ? encodeMetadata({
          a: form.submit.id,
          ...(form.submit.value !== undefined ? { v: form.submit.value } : {}),
          ...source,
        })
      : "",
  };
  if (form) view.submit = { type: "plain_text", text: shorten(toPlain(form.submit.label), limits.modalTitle) };
  if (form?.cancel) view.close = { type: "plain_text", text: shorten(toPlain(form.cancel.label), limits.modalTitle) };
  return view;
}

/** Input errors of a form reply, keyed by block id: the `response_action: errors` answer. Empty when none. */
export function formErrors(reply: Reply): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const block of reply.blocks ?? []) {
    if (block.kind === "input" && block.error) errors[block.id] = shorten(toPlain(block.error), limits.label);
  }
  return errors;
}

/** The App Home tab: several replies one under the other, divided, within the 100-block limit. */
export function renderHome(replies: Reply[]): HomeView {
  const blocks: KnownBlock[] = [];
  for (const [i, reply] of replies.entries()) {
    if (i > 0) blocks.push({ type: "divider" });
    if (reply.title)
      blocks.push({ type: "header", text: { type: "plain_text", text: shorten(toPlain(reply.title), 150) } });
    blocks.push(...renderBlocks(reply.blocks ?? [{ kind: "text", text: reply.text }], "view"));
  }
  return { type: "home", blocks: fitBlocks(blocks, limits.viewBlocks) };
}
