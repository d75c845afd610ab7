import type { Shown, ShownInput } from "./platform.js";

// Block Kit as the fake Web API recorded it, read back into what the member saw (a `Shown`), checked against
// Slack's limits, and the form state a submit carries back.

export interface SlackText {
  type: string;
  text: string;
}
interface SlackOption {
  text: SlackText;
  value: string;
}
export interface SlackElement {
  type: string;
  action_id: string;
  text?: SlackText;
  value?: string;
  multiline?: boolean;
  max_length?: number;
  initial_value?: string;
  options?: SlackOption[];
  initial_option?: SlackOption;
  initial_options?: SlackOption[];
  option_groups?: { options: SlackOption[] }[];
}
export interface SlackBlock {
  type: string;
  block_id?: string;
  text?: SlackText;
  fields?: SlackText[];
  elements?: SlackElement[];
  element?: SlackElement;
  label?: SlackText;
}

export interface SlackSurface {
  shown: Shown;
  buttons: SlackElement[];
  /** Input block id → element type, for the state a submit carries. */
  elements: Map<string, string>;
  /** A form in a message: the button that submits it. */
  formSubmit?: SlackElement;
  /** A message: its channel and ts; a modal: its view id and metadata. */
  message?: { channel: string; ts: string };
  modal?: { id: string; privateMetadata: string };
}

export function slackShown(
  blocks: SlackBlock[],
  fallback: string,
  title?: string,
): Omit<SlackSurface, "message" | "modal"> {
  const texts: string[] = [];
  const buttons: SlackElement[] = [];
  const inputs: ShownInput[] = [];
  const elements = new Map<string, string>();
  const errors: Record<string, string> = {};
  let lastInput: string | undefined;
  let lastRow: SlackElement[] = [];
  for (const block of blocks) {
    if (block.type === "context" && lastInput) errors[lastInput] = block.elements?.map((e) => e.text).join(" ") ?? "";
    if (block.type === "actions") lastRow = block.elements ?? [];
    if (block.type === "input" && block.block_id && block.element) {
      elements.set(block.block_id, block.element.type);
      lastInput = block.block_id;
    }
    if (block.text) texts.push(block.text.text);
    for (const field of block.fields ?? []) texts.push(field.text);
    if (block.type === "actions") buttons.push(...(block.elements ?? []).filter((e) => e.type === "button"));
    if (block.type === "input" && block.element && block.block_id) {
      const e = block.element;
      const multiple = e.type === "multi_static_select" || e.type === "checkboxes";
      const choice = e.type !== "plain_text_input";
      const listed = e.options ?? e.option_groups?.flatMap((g) => g.options) ?? [];
      const initial = multiple ? e.initial_options?.map((o) => o.value).join(",") : e.initial_option?.value;
      const value = choice ? initial : e.initial_value;
      inputs.push({
        id: block.block_id,
        kind: choice ? "choice" : "text",
        multiline: e.multiline ?? false,
        multiple,
        ...(e.max_length !== undefined ? { maxLength: e.max_length } : {}),
        options: listed.map((o) => ({ label: o.text.text, value: o.value })),
        ...(value !== undefined && value !== "" ? { value } : {}),
      });
    }
  }
  return {
    shown: {
      text: [fallback, ...texts].join("\n"),
      buttons: buttons.map((b) => b.text?.text ?? ""),
      inputs,
      errors,
      files: [],
      blockCount: blocks.length,
      bytes: JSON.stringify(blocks).length,
      ...(title ? { title } : {}),
    },
    buttons,
    elements,
    ...(inputs.length && lastRow[0] ? { formSubmit: lastRow[0] } : {}),
  };
}

/** What Slack would refuse in a message (50 blocks) or a modal (100 blocks, title and buttons 24). */
export function slackLimits(kind: "message" | "modal", blocks: SlackBlock[], view?: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const max = kind === "modal" ? 100 : 50;
  if (blocks.length > max) problems.push(`${kind}: ${blocks.length} blocks > ${max}`);
  for (const key of ["title", "submit", "close"]) {
    const text = (view?.[key] as SlackText | undefined)?.text ?? "";
    if (Array.from(text).length > 24) problems.push(`modal ${key} "${text}" > 24`);
  }
  for (const block of blocks) {
    if ((block.text?.text.length ?? 0) > 3000) problems.push(`section text > 3000`);
    for (const e of block.elements ?? []) {
      if (e.type === "button" && Array.from(e.text?.text ?? "").length > 75) problems.push(`button > 75`);
    }
    const e = block.element;
    if (!e) continue;
    if ((e.max_length ?? 0) > 3000) problems.push(`input ${block.block_id} max_length > 3000`);
    if ((e.initial_value?.length ?? 0) > 3000) problems.push(`input ${block.block_id} initial value > 3000`);
    if ((e.options?.length ?? 0) > 100) problems.push(`input ${block.block_id}: > 100 options`);
  }
  return problems;
}

/** The one file part of a multipart upload (files.uploadV2 posts the bytes as form data). */
export function multipartBody(raw: string): string {
  const boundary = raw.slice(0, raw.indexOf("\r\n"));
  if (!boundary.startsWith("--")) return raw;
  const start = raw.indexOf("\r\n\r\n") + 4;
  const end = raw.lastIndexOf(`\r\n${boundary}`);
  return raw.slice(start, end);
}

/** Form values as Slack puts them in `view.state.values`, by the element each input was rendered with. */
export function slackState(elements: Map<string, string>, values: Record<string, string>): Record<string, unknown> {
  const state: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(values)) {
    const type = elements.get(id) ?? "plain_text_input";
    const option = (v: string) => ({ text: { type: "plain_text", text: v }, value: v });
    const chosen = value.split(",").filter(Boolean);
    const typed =
      type === "plain_text_input"
        ? { type, value }
        : type === "multi_static_select" || type === "checkboxes"
          ? { type, selected_options: chosen.map(option) }
          : { type, selected_option: value ? option(value) : null };
    state[id] = { [id]: typed };
  }
  return state;
}
