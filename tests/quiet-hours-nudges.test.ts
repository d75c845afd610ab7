import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { ensureMember } from "../src/domain/members.js";
import { enqueueNudge } from "../src/services/delivery/nudges.js";
import { Driver } from "./support/driver.js";

let driver: Driver;
afterEach(() => driver?.close());

const zone = "Europe/Amsterdam";
const local = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const show = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat("ccc yyyy-MM-dd HH:mm");

function nudgeAt(d: Driver, at: string, key: string, urgent = false, user = "U1") {
  d.clock.set(local(at));
  const member = ensureMember(d.ctx.db, "memory", user, d.clock.now(), `dm-${user}`);
  const result = enqueueNudge(
    d.ctx,
    {
      dedupeKey: key,
      kind: "test.nudge",
      to: { platform: "memory", conversation: `dm-${user}` },
      memberId: member.id,
      reply: { text: "Vergeet de enquête niet" },
      notBefore: d.clock.now(),
    },
    { urgent },
  );
  const row = d.ctx.db.prepare("SELECT not_before, status, failure FROM outbox WHERE dedupe_key = ?").get(key) as {
    not_before: number;
    status: string;
    failure: string | null;
  };
  return { result, notBefore: show(row.not_before), status: row.status, failure: row.failure };
}

describe("quiet hours for nudges", () => {
  it("waits for the window: evenings, weekends, King's Day, Easter Monday and Ascension", () => {
    driver = new Driver();
    // Monday evening before King's Day (Tuesday 27 April 2027): Wednesday morning.
    expect(nudgeAt(driver, "2027-04-26T19:00", "a").notBefore).toBe("Wed 2027-04-28 08:00");
    // Friday evening before Easter (Monday 29 March 2027, the day after clocks go forward): Tuesday.
    expect(nudgeAt(driver, "2027-03-26T18:30", "b", false, "U2").notBefore).toBe("Tue 2027-03-30 08:00");
    // Ascension Day, Thursday 6 May 2027, in office hours: Friday.
    expect(nudgeAt(driver, "2027-05-06T10:00", "c", false, "U3").notBefore).toBe("Fri 2027-05-07 08:00");
    // An ordinary Tuesday at 10:00 goes now.
    expect(nudgeAt(driver, "2027-06-01T10:00", "d", false, "U4").notBefore).toBe("Tue 2027-06-01 10:00");
    // Urgent goes at once, even at 3 a.m. on a Sunday.
    expect(nudgeAt(driver, "2027-06-06T03:00", "e", true, "U5").notBefore).toBe("Sun 2027-06-06 03:00");
  });

  it("caps nudges per member per week; capped ones are recorded, not sent; next week counts anew", async () => {
    driver = new Driver({ env: { NUDGES_PER_WEEK: "2" } });
    expect(nudgeAt(driver, "2027-06-01T10:00", "n1").result).toBe("queued");
    expect(nudgeAt(driver, "2027-06-02T10:00", "n2").result).toBe("queued");
    expect(nudgeAt(driver, "2027-06-02T10:00", "n2").result).toBe("duplicate");
    const third = nudgeAt(driver, "2027-06-03T10:00", "n3");
    expect(third).toMatchObject({ result: "capped", status: "failed" });
    expect(third.failure).toContain("capped");
    expect(nudgeAt(driver, "2027-06-03T10:00", "other", false, "U9").result).toBe("queued");
    expect(nudgeAt(driver, "2027-06-07T10:00", "n4").result).toBe("queued");
    await driver.deliver();
    expect(driver.inbox("dm-U1")).toHaveLength(3);
  });
});
