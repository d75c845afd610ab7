import { afterEach, describe, expect, it } from "vitest";
import {
  type Audience,
  audienceFromKey,
  audienceKey,
  audienceMembers,
  inAudience,
  parseMemberAudience,
} from "../src/domain/audience.js";
import { findMember } from "../src/domain/members.js";
import { recipientCount } from "../src/services/broadcasts.js";
import { Driver, sessionsCsv } from "./support/driver.js";

// One audience model for broadcasts, polls and surveys; "region" is the region of a member's latest session.

let driver: Driver;
afterEach(() => driver?.close());

function setUp(): Driver {
  const d = new Driver({
    sessionsCsv: sessionsCsv([
      { id: "UT", region: "Utrecht", date: "2027-09-14", capacity: 1 },
      { id: "ZL", region: "Zeeland", city: "Middelburg", date: "2027-10-05" },
    ]),
  });
  d.gp("MOVED").signUp("UT"); // Utrecht first, then Zeeland: a Zeeland member
  d.gp("MOVED").signUp("ZL");
  d.gp("WAIT").signUp("UT"); // waitlisted in Utrecht
  d.gp("NONE").say("help"); // a member without sessions
  return d;
}

const ids = (d: Driver, ...users: string[]) => users.map((u) => findMember(d.ctx.db, "memory", u)?.id);
const members = (d: Driver, audience: Audience) => audienceMembers(d.ctx.db, audience).map((m) => m.userId);

describe("the audience model", () => {
  it("gives a member one region: that of their latest session, for broadcasts, polls and surveys alike", () => {
    driver = setUp();
    expect(members(driver, { kind: "region", region: "Zeeland" })).toEqual(["MOVED"]);
    expect(members(driver, { kind: "region", region: "Utrecht" })).toEqual(["WAIT"]);
    const [moved, waiting] = ids(driver, "MOVED", "WAIT");
    expect(inAudience(driver.ctx.db, { kind: "region", region: "Utrecht" }, moved ?? 0)).toBe(false);
    expect(inAudience(driver.ctx.db, { kind: "region", region: "Utrecht" }, waiting ?? 0)).toBe(true);
    expect(recipientCount(driver.ctx.db, { audience: { kind: "region", region: "Zeeland" }, urgent: false })).toBe(1);
  });

  it("resolves sessions, waitlists, everyone and roles by the same query as the membership check", () => {
    driver = setUp();
    const audiences: Audience[] = [
      { kind: "everyone" },
      { kind: "session", sessionId: "UT" },
      { kind: "waitlist", sessionId: "UT" },
      { kind: "role", role: "aios" },
    ];
    expect(audiences.map((a) => members(driver, a))).toEqual([["MOVED", "WAIT", "NONE"], ["MOVED"], ["WAIT"], []]);
    const [none] = ids(driver, "NONE");
    expect(audiences.map((a) => inAudience(driver.ctx.db, a, none ?? 0))).toEqual([true, false, false, false]);
  });

  it("stores an audience as one key and reads it back", () => {
    const audiences: Audience[] = [
      { kind: "everyone" },
      { kind: "role", role: "huisarts" },
      { kind: "region", region: "Noord-Holland" },
      { kind: "session", sessionId: "UT1" },
      { kind: "waitlist", sessionId: "UT1" },
      { kind: "channel", platform: "slack", conversation: "C0:1" },
    ];
    expect(audiences.map(audienceKey)).toEqual([
      "all",
      "huisarts",
      "region:Noord-Holland",
      "session:UT1",
      "waitlist:UT1",
      "channel:slack:C0:1",
    ]);
    expect(audiences.map((a) => audienceFromKey(audienceKey(a)))).toEqual(audiences);
  });

  it("reads what an organiser types in a poll or survey form", () => {
    expect(
      ["iedereen", "AIOS", "regio:noord-holland", "region:brabant", "regio:Atlantis", "session:UT1"].map(
        parseMemberAudience,
      ),
    ).toEqual([
      { kind: "everyone" },
      { kind: "role", role: "aios" },
      { kind: "region", region: "Noord-Holland" },
      { kind: "region", region: "Noord-Brabant" },
      undefined,
      undefined,
    ]);
  });
});
