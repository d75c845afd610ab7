import { describe, expect, it } from "vitest";
import { renderHome, renderMessage } from "../adapters/slack/render.js";
import { coreActionId } from "../adapters/slack/render-blocks.js";
import { limits, toMrkdwn } from "../adapters/slack/render-limits.js";
import { decodeMetadata, encodeMetadata, formErrors, renderModal } from "../adapters/slack/render-modal.js";
import type { Block, Reply } from "../src/contract.js";

// The Block Kit renderer at Slack's limits: it shortens or pages, and never produces a payload Slack would refuse.

type Json = Record<string, unknown>;
const texts = (blocks: unknown[]) =>
  blocks.flatMap((b) => ((b as Json).text ? [((b as Json).text as Json).text as string] : []));
const buttonsOf = (blocks: unknown[]) =>
  blocks.flatMap((b) => ((b as Json).type === "actions" ? ((b as Json).elements as Json[]) : []));

const manyTextBlocks = (n: number): Block[] =>
  Array.from({ length: n }, (_, i) => ({ kind: "text", text: `regel ${i}` }));

describe("Slack renderer", () => {
  it("turns **bold** into *bold* and escapes &, < and >", () => {
    expect(toMrkdwn("**Denksessie** <Utrecht> & meer")).toBe("*Denksessie* &lt;Utrecht&gt; &amp; meer");
    const message = renderMessage({ text: "**Vet** tekst", blocks: [{ kind: "text", text: "**Vet** tekst" }] });
    expect(message.text).toBe("Vet tekst");
    expect(texts(message.blocks)).toEqual(["*Vet* tekst"]);
  });

  it("keeps a message at 50 blocks, keeping the paging buttons at the end", () => {
    const reply: Reply = {
      text: "lang",
      blocks: [
        ...manyTextBlocks(80),
        { kind: "actions", actions: [{ id: "sessions.list", label: "Meer", value: '{"o":5}' }] },
      ],
    };
    const { blocks } = renderMessage(reply);
    expect(blocks).toHaveLength(limits.messageBlocks);
    expect(blocks[blocks.length - 1]?.type).toBe("actions");
    expect(blocks[blocks.length - 2]?.type).toBe("context");
    expect(renderMessage({ text: "x", blocks: manyTextBlocks(50) }).blocks).toHaveLength(50);
  });

  it("splits section text over 3000 characters into several sections without losing any", () => {
    const long = `${"a".repeat(2500)}\n${"b".repeat(2500)}\n${"c".repeat(1000)}`;
    const { blocks } = renderMessage({ text: long, blocks: [{ kind: "text", text: long }] });
    const parts = texts(blocks);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(limits.sectionText);
    expect(parts.join("\n")).toBe(long);
    const exact = "x".repeat(3000);
    expect(texts(renderMessage({ text: exact, blocks: [{ kind: "text", text: exact }] }).blocks)).toEqual([exact]);
  });

  it("cuts button text at 75 characters and keeps action ids unique within a block", () => {
    const reply: Reply = {
      text: "knoppen",
      blocks: [
        {
          kind: "actions",
          actions: [
            { id: "signup.join", label: "A".repeat(75), value: "S1" },
            { id: "signup.join", label: "B".repeat(76), value: "S2" },
          ],
        },
      ],
    };
    const buttons = buttonsOf(renderMessage(reply).blocks);
    const labels = buttons.map((b) => (b.text as Json).text as string);
    expect(labels[0]).toHaveLength(75);
    expect(labels[1]).toHaveLength(75);
    expect(labels[1]?.endsWith("…")).toBe(true);
    const ids = buttons.map((b) => b.action_id as string);
    expect(new Set(ids).size).toBe(2);
    expect(ids.map(coreActionId)).toEqual(["signup.join", "signup.join"]);
  });

  it("puts more than 25 buttons in several action blocks and more than 10 fields in several sections", () => {
    const actions = Array.from({ length: 30 }, (_, i) => ({ id: `a.${i}`, label: `${i}` }));
    const fields = Array.from({ length: 12 }, (_, i) => ({ label: `L${i}`, value: `V${i}` }));
    const { blocks } = renderMessage({
      text: "x",
      blocks: [
        { kind: "fields", fields },
        { kind: "actions", actions },
      ],
    });
    expect(blocks.map((b) => b.type)).toEqual(["section", "section", "actions", "actions"]);
    expect(buttonsOf(blocks)).toHaveLength(30);
  });

  const form: Reply = {
    title: "Uw gegevens voor de presentielijst",
    text: "Vul in",
    blocks: [
      { kind: "text", text: "Vul in" },
      { kind: "input", id: "roster_name", label: "Naam", value: "Dr. A", maxLength: 80, error: "Vul uw naam in." },
      {
        kind: "input",
        id: "role",
        label: "Rol",
        options: [{ label: "Huisarts", value: "huisarts" }],
        value: "huisarts",
      },
    ],
    form: { submit: { id: "signup.profile", label: "Opslaan en aanmelden voor deze sessie", value: "S1" } },
  };

  it("renders a form as a modal: inputs keyed by id, title and submit within 24, metadata carrying the submit", () => {
    const view = renderModal(form, { c: "D1", t: "1.2" });
    expect(view.title.text.length).toBeLessThanOrEqual(limits.modalTitle);
    expect(view.submit?.text.length).toBeLessThanOrEqual(limits.modalTitle);
    const inputs = view.blocks.filter((b) => b.type === "input") as unknown as Json[];
    expect(inputs.map((b) => b.block_id)).toEqual(["roster_name", "role"]);
    expect(inputs[0]?.element).toMatchObject({ type: "plain_text_input", initial_value: "Dr. A", max_length: 80 });
    expect(inputs[1]?.element).toMatchObject({ type: "static_select", initial_option: { value: "huisarts" } });
    expect(decodeMetadata(view.private_metadata)).toEqual({ a: "signup.profile", v: "S1", c: "D1", t: "1.2" });
    expect(formErrors(form)).toEqual({ roster_name: "Vul uw naam in." });
  });

  it("keeps private_metadata within 3000 characters, dropping the source first", () => {
    const atLimit = encodeMetadata({ a: "x", v: "v".repeat(2980) });
    expect(atLimit.length).toBeLessThanOrEqual(limits.privateMetadata);
    expect(decodeMetadata(atLimit)?.v).toHaveLength(2980);
    const tooLong = encodeMetadata({ a: "x", v: "v".repeat(2900), c: "c".repeat(200), t: "1" });
    expect(tooLong.length).toBeLessThanOrEqual(limits.privateMetadata);
    expect(decodeMetadata(tooLong)).toEqual({ a: "x", v: "v".repeat(2900) });
    const huge = encodeMetadata({ a: "x", v: "v".repeat(5000) });
    expect(huge.length).toBeLessThanOrEqual(limits.privateMetadata);
    expect(decodeMetadata(huge)?.a).toBe("x");
    expect(decodeMetadata("not json")).toBeUndefined();
  });

  it("keeps modals and the home tab at 100 blocks", () => {
    const view = renderModal({ ...form, blocks: [...manyTextBlocks(150), ...(form.blocks ?? [])] });
    expect(view.blocks).toHaveLength(limits.viewBlocks);
    const home = renderHome([
      { title: "Denksessies", text: "x", blocks: manyTextBlocks(70) },
      { title: "Mijn sessies", text: "y", blocks: manyTextBlocks(70) },
    ]);
    expect(home.type).toBe("home");
    expect(home.blocks).toHaveLength(limits.viewBlocks);
    expect(home.blocks.filter((b) => b.type === "divider")).toHaveLength(1);
  });
});
