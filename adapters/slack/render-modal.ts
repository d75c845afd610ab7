import type { types } from "@slack/bolt";
import type { Reply } from "../../src/contract.js";
import { renderBlocks } from "./render-blocks.js";
import { fitBlocks, limits, shorten, toPlain } from "./render-limits.js";

// A form reply as a Slack modal: what it carries back on submit (private_metadata) and its input errors.

type ModalView = types.ModalView;

/** The callback id of every modal the bot opens. */
export const formCallbackId = "spreekuur.form";

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
