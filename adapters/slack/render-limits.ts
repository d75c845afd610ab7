import type { types } from "@slack/bolt";

// Slack's Block Kit limits, and the text and block shortening that keeps every payload within them: Slack refuses
// a whole payload that breaks one.

type KnownBlock = types.KnownBlock;

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

/** Keeps at most `max` blocks: the head, a "…" marker, and the last block when it holds the buttons (paging). */
export function fitBlocks(blocks: KnownBlock[], max: number): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const last = blocks[blocks.length - 1];
  const keepLast = last?.type === "actions";
  const head = blocks.slice(0, max - (keepLast ? 2 : 1));
  const marker: KnownBlock = { type: "context", elements: [{ type: "plain_text", text: "…" }] };
  return keepLast && last ? [...head, marker, last] : [...head, marker];
}
