import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commonLimits, type PlatformLimits } from "../src/contract.js";
import { parseReportFormat, ReportFormatError } from "../src/domain/report-format.js";
import { limitsOf, registerPlatformProfile } from "../src/services/platform-profiles.js";
import type { SessionWithCounts } from "../src/types.js";
import { attendanceForm, leaderView } from "../src/views/leader-views.js";
import { viewContext } from "../src/views/view-context.js";

// A platform the core has never heard of: what it declares is what the views keep to.

const narrow: PlatformLimits = { ...commonLimits, labelLength: 12, optionsPerInput: 3, fieldsPerBlock: 3 };
registerPlatformProfile("narrow-chat", {
  rates: { ratePerSecond: 1, conversationRatePerSecond: 1 },
  limits: narrow,
  capabilities: { updates: false, modals: false, ephemeral: false, files: false },
});

const session: SessionWithCounts = {
  id: "S1",
  title: "Nascholing",
  startsAt: Date.UTC(2027, 0, 12, 18, 30),
  endsAt: Date.UTC(2027, 0, 12, 21, 0),
  venue: "Zaal",
  address: "Straat 1",
  city: "Utrecht",
  region: "Utrecht",
  leaderName: "Dr. Leider",
  capacity: 20,
  audience: "both",
  signupDeadline: null,
  status: "open",
  notes: "",
  isExample: false,
  revision: 1,
  confirmed: 5,
  waitlisted: 0,
  placesLeft: 15,
};

const attendees = Array.from({ length: 5 }, (_, i) => ({
  memberId: i + 1,
  rosterName: `Dokter met een lange naam ${i + 1}`,
  role: "",
  attended: undefined,
}));

function optionInputs(limits: PlatformLimits) {
  const v = leaderView(viewContext("nl", "Europe/Amsterdam", Date.UTC(2027, 0, 1)), limits);
  return (attendanceForm(session, attendees, v).blocks ?? []).flatMap((block) =>
    block.kind === "input" ? [block.options ?? []] : [],
  );
}

describe("platform profiles", () => {
  it("a platform whose adapter is not mounted gets the common limits", () => {
    expect(limitsOf("not-mounted")).toBe(commonLimits);
  });

  it("the attendance form keeps to the options and label lengths the platform declares", () => {
    const onNarrow = optionInputs(limitsOf("narrow-chat"));
    expect(onNarrow.map((options) => options.length)).toEqual([3, 2]);
    for (const option of onNarrow.flat()) expect(option.label.length).toBeLessThanOrEqual(12);
    const common = optionInputs(commonLimits);
    expect(common.map((options) => options.length)).toEqual([5]);
    expect(common[0]?.[0]?.label).toBe("Dokter met een lange naam 1");
  });

  it("the report format is checked against the platform's fields per block", () => {
    const format = JSON.parse(readFileSync("examples/report-format.json", "utf8")) as unknown;
    expect(parseReportFormat(format).coreTasks.length).toBe(4);
    // Four core tasks and the general part need five fields; this platform shows three.
    expect(() => parseReportFormat(format, "report format", narrow)).toThrow(ReportFormatError);
  });
});
