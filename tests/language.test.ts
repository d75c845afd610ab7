import { afterEach, describe, expect, it } from "vitest";
import type { Reply } from "../src/contract.js";
import { Driver, sessionsCsv } from "./support/driver.js";

// Issue 18, item 1: the language a member's client (or the playground) speaks is theirs, and a Dutch reply has no
// English in it.

let driver: Driver;
afterEach(() => driver?.close());

const everything = (reply: Reply | undefined) => JSON.stringify(reply ?? {});

describe("the language of one identity", () => {
  it("follows a change of the client's language, and keeps one typed in chat while the client's stays", () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "UT1" }]) });
    expect(driver.gp("U1", "nl-NL").say("sessies")[0]?.text).toContain("1 denksessie");
    // The playground's language choice (or Teams' own) switched to English: `sessions` answers in English.
    expect(driver.gp("U1", "en-GB").say("sessions")[0]?.text).toContain("1 session.");
    // Typed in chat, Dutch stays while the client keeps saying English.
    driver.gp("U1", "en-GB").say("nederlands");
    expect(driver.gp("U1", "en-GB").say("sessions")[0]?.text).toContain("1 denksessie");
    // Another account's language is its own to change.
    expect(driver.gp("U2", "en-GB").say("sessies")[0]?.text).toContain("1 session.");
  });
});

describe("Dutch replies are Dutch", () => {
  it('names audiences "Huisarts", "Aios", "Stakeholder", "Anders" in the poll and survey forms, never "other"', () => {
    driver = new Driver({ env: { ORGANISERS: "memory:ORG" } });
    const org = driver.gp("ORG");
    for (const action of ["poll.create", "survey.create"]) {
      const [form] = org.click(action);
      const audience = form?.blocks?.find((b) => b.kind === "input" && b.id === "audience");
      const labels = audience?.kind === "input" ? (audience.options ?? []).map((o) => o.label) : [];
      expect(labels.slice(0, 5)).toEqual(["Iedereen", "Huisarts", "Aios", "Stakeholder", "Anders"]);
      expect(everything(form)).not.toMatch(/"label":"(other|huisarts|aios|stakeholder)"/);
    }
  });

  it('lists polls with a Dutch status, not "(#1, active)"', () => {
    driver = new Driver({ env: { ORGANISERS: "memory:ORG" } });
    const org = driver.gp("ORG");
    org.click("poll.create.submit", undefined, {
      question: "Komt u naar de ledenvergadering?",
      kind: "single",
      options: "Ja\nNee",
      anonymous: "no",
      audience: "all",
      at: "2027-06-01 10:00",
      closes: "2027-06-03 17:00",
      show_running: "no",
      share_results: "no",
    });
    const [list] = org.say("peilingen");
    expect(everything(list)).toContain("Komt u naar de ledenvergadering?** (actief)");
    expect(everything(list)).not.toContain("active");
  });

  it("capitalises who a session is for", () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "UT1", audience: "both" }]) });
    const [details] = driver.gp("U1").click("signup.details", "UT1");
    const fields = details?.blocks?.flatMap((b) => (b.kind === "fields" ? b.fields : [])) ?? [];
    expect(fields).toContainEqual({ label: "Voor", value: "Huisartsen en aios" });
  });
});
