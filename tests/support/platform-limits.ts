import type { Reply } from "../../src/contract.js";

/**
 * The limits both renderers must fit (Slack Block Kit being the tighter): 50 blocks a message, 100 a modal,
 * modal titles 24, button and option texts 75, section text 3000, 10 fields, inputs of at most 3000 characters.
 * Returns what is over, so a test can expect an empty list.
 */
export function overPlatformLimits(reply: Reply): string[] {
  const problems: string[] = [];
  const blocks = reply.blocks ?? [];
  const maxBlocks = reply.form ? 100 : 50;
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks > ${maxBlocks}`);
  if (reply.form && (reply.title ?? "").length > 24) problems.push(`modal title "${reply.title}" > 24`);
  if (reply.form && reply.form.submit.label.length > 24) problems.push(`submit "${reply.form.submit.label}" > 24`);
  for (const block of blocks) {
    if (block.kind === "text" && block.text.length > 3000) problems.push(`text of ${block.text.length} > 3000`);
    if (block.kind === "fields" && block.fields.length > 10) problems.push(`${block.fields.length} fields > 10`);
    if (block.kind === "actions") {
      if (block.actions.length > 25) problems.push(`${block.actions.length} buttons > 25`);
      for (const action of block.actions) if (action.label.length > 75) problems.push(`button "${action.label}" > 75`);
    }
    if (block.kind === "input") {
      if (block.label.length > 2000) problems.push(`input label of ${block.label.length} > 2000`);
      if ((block.maxLength ?? 0) > 3000) problems.push(`input ${block.id} maxLength > 3000`);
      if ((block.options?.length ?? 0) > 100) problems.push(`input ${block.id} has > 100 options`);
      for (const option of block.options ?? []) {
        if (option.label.length > 75) problems.push(`option "${option.label}" > 75`);
        if (block.multiple && option.value.includes(",")) problems.push(`option value "${option.value}" has a comma`);
      }
    }
  }
  return problems;
}
