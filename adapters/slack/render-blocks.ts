import type { types } from "@slack/bolt";
import type { Action, Block } from "../../src/contract.js";
import { limits, shorten, splitText, toMrkdwn, toPlain } from "./render-limits.js";

// Core blocks to Block Kit blocks: sections, fields, buttons and (in views) inputs, each within Slack's limits.

type KnownBlock = types.KnownBlock;
type Button = types.Button;

/** A core action id travels as the button's action_id; `#n` keeps ids unique within one block. */
export function coreActionId(actionId: string): string {
  const hash = actionId.indexOf("#");
  return hash < 0 ? actionId : actionId.slice(0, hash);
}

export function button(action: Action, index: number, seen: Set<string>): Button {
  const actionId = seen.has(action.id) ? `${action.id}#${index}` : action.id;
  seen.add(action.id);
  const element: Button = {
    type: "button",
    action_id: actionId,
    text: { type: "plain_text", text: shorten(toPlain(action.label), limits.buttonText), emoji: true },
  };
  if (action.value !== undefined) element.value = shorten(action.value, limits.buttonValue);
  if (action.style) element.style = action.style;
  if (action.url) element.url = action.url;
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
