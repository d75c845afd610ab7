import type { types } from "@slack/bolt";
import type { Reply } from "../../src/contract.js";
import { button, renderBlocks } from "./render-blocks.js";
import { fitBlocks, limits, shorten, toMrkdwn, toPlain } from "./render-limits.js";
import { formErrors } from "./render-modal.js";

// The one Block Kit renderer: pure functions from the core's replies to Slack messages and the App Home (modals:
// render-modal.ts; blocks: render-blocks.ts; limits and shortening: render-limits.ts).

type KnownBlock = types.KnownBlock;
type HomeView = types.HomeView;

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

/** The reply's title as the message's heading: the views never repeat it in the blocks. */
function heading(reply: Reply): KnownBlock[] {
  return reply.title
    ? [{ type: "header", text: { type: "plain_text", text: shorten(toPlain(reply.title), 150) } }]
    : [];
}

/** A reply as a chat message (chat.postMessage, chat.update, response_url). */
export function renderMessage(reply: Reply): MessagePayload {
  const blocks = reply.blocks?.length ? reply.blocks : [{ kind: "text" as const, text: reply.text }];
  const rendered = [
    ...heading(reply),
    ...(reply.form ? inlineForm({ ...reply, form: reply.form }) : renderBlocks(blocks, "message")),
  ];
  return {
    text: shorten(toPlain(reply.text), limits.fallbackText),
    blocks: fitBlocks(rendered, limits.messageBlocks),
  };
}

/** The App Home tab: several replies one under the other, divided, within the 100-block limit. */
export function renderHome(replies: Reply[]): HomeView {
  const blocks: KnownBlock[] = [];
  for (const [i, reply] of replies.entries()) {
    if (i > 0) blocks.push({ type: "divider" });
    blocks.push(...heading(reply));
    blocks.push(...renderBlocks(reply.blocks ?? [{ kind: "text", text: reply.text }], "view"));
  }
  return { type: "home", blocks: fitBlocks(blocks, limits.viewBlocks) };
}
