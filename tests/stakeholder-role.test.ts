import { afterEach, describe, expect, it } from "vitest";
import { findMember } from "../src/domain/members.js";
import { getSession } from "../src/domain/sessions.js";
import { Driver, sessionsCsv } from "./support/driver.js";

// Stakeholders (issue 19) are members of their own role: chosen in the profile, and for sessions like "other".

let driver: Driver | undefined;
afterEach(() => driver?.close());

describe("the stakeholder role", () => {
  it("is offered in the profile, stored, and may join a session for both but not one for huisartsen only", () => {
    driver = new Driver({
      sessionsCsv: sessionsCsv([
        { id: "BOTH", audience: "both" },
        { id: "GP", audience: "huisarts" },
      ]),
    });
    const gp = driver.gp("S1");
    const [form] = gp.click("signup.join", "BOTH");
    const role = form?.blocks?.find((b) => b.kind === "input" && b.id === "role");
    const options = role?.kind === "input" ? (role.options ?? []) : [];
    expect(options).toContainEqual({ label: "Stakeholder (geen huisarts of aios)", value: "stakeholder" });
    gp.signUp("BOTH", "Mw. Stake", "stakeholder");
    expect(findMember(driver.ctx.db, "memory", "S1")?.role).toBe("stakeholder");
    expect(getSession(driver.ctx.db, "BOTH")?.confirmed).toBe(1);
    gp.click("signup.join", "GP");
    expect(getSession(driver.ctx.db, "GP")?.confirmed).toBe(0);
  });

  it("is named in English too", () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "BOTH", audience: "both" }]) });
    const [form] = driver.gp("S2", "en-GB").click("signup.join", "BOTH");
    expect(JSON.stringify(form)).toContain("Stakeholder (not a GP or trainee)");
  });
});
