import { afterEach, describe, expect, it } from "vitest";
import type { Block, Reply } from "../src/contract.js";
import { Driver, findActions, sessionsCsv } from "./support/driver.js";

// Issue 18, item 4: an organiser's help and welcome list their words; their forms offer choices with defaults;
// `rapport` is the delivery report of the last broadcast, `verslagen` the session reports.

let driver: Driver;
afterEach(() => driver?.close());

const organiserWords = ["bericht versturen", "rapport", "enquêtes", "peilingen", "verslagen", "dashboard"];
const input = (reply: Reply | undefined, id: string) =>
  reply?.blocks?.find((b): b is Extract<Block, { kind: "input" }> => b.kind === "input" && b.id === id);

function sendBroadcast(org: ReturnType<Driver["gp"]>): string | undefined {
  const [preview] = org.click("broadcast.preview", undefined, { bc_text: "Hallo", bc_audience: "everyone" });
  const id = findActions(preview).find((a) => a.id === "broadcast.confirm")?.value;
  org.click("broadcast.confirm", id);
  return id;
}

describe("an organiser's bot", () => {
  it("lists the organiser's words in their help and welcome, and not in a member's", () => {
    driver = new Driver({ env: { ORGANISERS: "memory:ORG" } });
    for (const text of ["help", "hallo"]) {
      const [help] = driver.gp("ORG").say(text);
      for (const word of organiserWords) expect(help?.text).toContain(`**${word}**`);
      expect(findActions(help).map((a) => a.label)).toEqual(
        expect.arrayContaining(["Bericht versturen", "Enquêtes", "Peilingen", "Verslagen"]),
      );
      const [member] = driver.gp("GP").say(text);
      expect(member?.text).toContain("**sessies**");
      expect(member?.text).not.toContain("bericht versturen");
    }
  });

  it("answers a bare `rapport` with the delivery report of the last broadcast, `verslagen` with the reports", () => {
    driver = new Driver({ env: { ORGANISERS: "memory:ORG" } });
    const org = driver.gp("ORG");
    expect(org.say("rapport")[0]?.text).toContain("nog geen bericht verstuurd");
    sendBroadcast(org);
    const second = sendBroadcast(org);
    expect(org.say("rapport")[0]?.title).toBe(`Bezorgrapport bericht ${second}`);
    expect(org.say("rapport 1")[0]?.title).toBe("Bezorgrapport bericht 1");
    const [reports] = org.say("verslagen");
    expect(reports?.title ?? reports?.text).not.toContain("Bezorgrapport");
    expect(org.say("verslag")[0]?.text).toBe(reports?.text);
  });

  it("lets them choose sessions and regions in the broadcast form, with defaults for required choices", () => {
    driver = new Driver({
      env: { ORGANISERS: "memory:ORG" },
      sessionsCsv: sessionsCsv([{ id: "DS27-01", city: "Utrecht" }]),
    });
    const [form] = driver.gp("ORG").say("bericht versturen");
    expect(input(form, "bc_urgent")?.value).toBe("no");
    expect(input(form, "bc_audience")?.value).toBe("everyone");
    expect(input(form, "bc_session")?.options?.map((o) => o.value)).toEqual(["DS27-01"]);
    expect(input(form, "bc_session")?.options?.[0]?.label).toContain("Denksessie Utrecht");
    expect(input(form, "bc_region")?.options?.map((o) => o.value)).toContain("Noord-Brabant");
    // A chosen region and session reach the preview without anything typed.
    const [preview] = driver.gp("ORG").click("broadcast.preview", undefined, {
      bc_text: "Nieuwe sessie",
      bc_audience: "region",
      bc_region: "Utrecht",
      bc_session: "DS27-01",
      bc_urgent: "no",
    });
    expect(preview?.title).toBe("Voorbeeld");
    expect(JSON.stringify(preview)).toContain("Een regio: Utrecht");
  });
});
