import { describe, expect, it } from "vitest";
import { formValues } from "../adapters/slack/handlers.js";
import { renderMessage } from "../adapters/slack/render.js";
import { renderModal } from "../adapters/slack/render-modal.js";
import type { Reply } from "../src/contract.js";

// Forms in Block Kit: multiple choices (the contract joins values with commas) and forms typed in chat.

const attendance = (count: number, value?: string): Reply => ({
  text: "Aanwezigheid",
  title: "Aanwezigheid",
  blocks: [
    {
      kind: "input",
      id: "attended",
      label: "Aanwezig",
      multiple: true,
      optional: true,
      options: Array.from({ length: count }, (_, i) => ({ label: `Dokter ${i + 1}`, value: String(i + 1) })),
      ...(value !== undefined ? { value } : {}),
    },
  ],
  form: { submit: { id: "leader.attendance.save", label: "Opslaan", value: "S1" } },
});

interface Element {
  type: string;
  options?: { value: string }[];
  option_groups?: { label: { text: string }; options: { value: string }[] }[];
  initial_options?: { value: string }[];
}

describe("Slack forms", () => {
  it("render a multiple choice as a multi-select, prefilled from the comma-joined value", () => {
    const [block] = renderModal(attendance(3, "1,3")).blocks as { element: Element }[];
    expect(block?.element.type).toBe("multi_static_select");
    expect(block?.element.options?.map((o) => o.value)).toEqual(["1", "2", "3"]);
    expect(block?.element.initial_options?.map((o) => o.value)).toEqual(["1", "3"]);
  });

  it("put more than 100 choices in groups of 100 instead of dropping them", () => {
    const [block] = renderModal(attendance(120, "120")).blocks as { element: Element }[];
    expect(block?.element.options).toBeUndefined();
    expect(block?.element.option_groups?.map((g) => [g.label.text, g.options.length])).toEqual([
      ["1–100", 100],
      ["101–120", 20],
    ]);
    expect(block?.element.initial_options?.map((o) => o.value)).toEqual(["120"]);
  });

  it("read a multi-select's choices back joined by commas, and an empty choice as empty", () => {
    expect(
      formValues({
        attended: { attended: { selected_options: [{ value: "1" }, { value: "3" }] } },
        note: { note: { value: "hallo" } },
        role: { role: { selected_option: { value: "aios" } } },
      }),
    ).toEqual({ attended: "1,3", note: "hallo", role: "aios" });
    expect(formValues({ attended: { attended: { selected_options: [] } } })).toEqual({ attended: "" });
  });

  it("show a form in a message with real inputs, its errors under the fields, and its buttons", () => {
    const reply: Reply = {
      text: "Bericht versturen",
      blocks: [
        { kind: "text", text: "Schrijf uw bericht." },
        {
          kind: "input",
          id: "bc_text",
          label: "Bericht",
          multiline: true,
          maxLength: 3000,
          error: "Vul een bericht in.",
        },
      ],
      form: {
        submit: { id: "broadcast.preview", label: "Voorbeeld" },
        cancel: { id: "broadcast.cancel", label: "Stop" },
      },
    };
    const { blocks } = renderMessage(reply);
    expect(blocks.map((b) => b.type)).toEqual(["section", "input", "context", "actions"]);
    expect(JSON.stringify(blocks[2])).toContain("Vul een bericht in.");
    const actions = blocks[3] as { elements: { action_id: string }[] };
    expect(actions.elements.map((e) => e.action_id)).toEqual(["broadcast.preview", "broadcast.cancel"]);
  });
});
