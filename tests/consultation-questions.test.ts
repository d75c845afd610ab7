import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseConsultationQuestions, parseReportFormat, ReportFormatError } from "../src/domain/report-format.js";

// The questions a consultation round asks per core task: the report format's `consultationQuestions` (issue 19).

const example = () => JSON.parse(readFileSync("examples/report-format.json", "utf8")) as Record<string, unknown>;

describe("consultation questions", () => {
  it("default to the working groups' three when the format names none, and the example names the same", () => {
    const { consultationQuestions: _, ...without } = example();
    const defaults = parseReportFormat(without).consultationQuestions;
    expect(defaults.map((q) => q.id)).toEqual(["aanbod", "probleem", "aanpak"]);
    expect(defaults[0]?.label.nl).toBe("Op welk concreet aanbod kunnen patiënten en stakeholders rekenen?");
    expect(parseReportFormat(example()).consultationQuestions).toEqual(defaults);
  });

  it("are 1 to 10 with distinct ids and both languages, in the format and in a file of their own", () => {
    const one = { id: "mening", label: { nl: "Uw mening?", en: "Your view?" } };
    expect(parseConsultationQuestions([one], "vragen.json")).toEqual([one]);
    expect(() => parseConsultationQuestions([one, one], "vragen.json")).toThrow(/repeats an id/);
    expect(() => parseConsultationQuestions([], "vragen.json")).toThrow(ReportFormatError);
    expect(() => parseConsultationQuestions([{ id: "x", label: { nl: "Vraag" } }], "vragen.json")).toThrow(
      /0\.label\.en/,
    );
    expect(() => parseReportFormat({ ...example(), consultationQuestions: [one, one] })).toThrow(/repeats an id/);
  });
});
