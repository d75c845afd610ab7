import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { getSession } from "../src/domain/sessions.js";
import { queueSessionReminders, reminderDueAt } from "../src/services/session-reminders.js";
import { Driver, sessionsCsv } from "./support/driver.js";

let driver: Driver;
afterEach(() => driver?.close());

const zone = "Europe/Amsterdam";
const local = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();

describe("session reminders", () => {
  it("come the day before within the window, with a cancel button; cancelling promotes and tells the next one", async () => {
    // Wednesday 15 September 2027, 19:30; two places.
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 2, date: "2027-09-15" }]) });
    const [a, b, c] = [driver.gp("A"), driver.gp("B"), driver.gp("C", "en-GB")];
    a.signUp("S1");
    b.signUp("S1");
    c.signUp("S1");
    const session = getSession(driver.ctx.db, "S1");
    if (!session) throw new Error("no session");
    // 24 hours before is Tuesday 19:30, after hours: the last moment of Tuesday's window.
    expect(DateTime.fromMillis(reminderDueAt(driver.ctx, session), { zone }).toFormat("ccc HH:mm")).toBe("Tue 17:59");

    driver.clock.set(local("2027-09-14T17:00"));
    expect(queueSessionReminders(driver.ctx, driver.clock.now())).toBe(0);
    driver.clock.set(local("2027-09-14T17:59"));
    expect(queueSessionReminders(driver.ctx, driver.clock.now())).toBe(2);
    expect(queueSessionReminders(driver.ctx, driver.clock.now() + 60_000)).toBe(0); // once per member
    await driver.deliver();
    const [reminder] = driver.inbox("A");
    expect(reminder?.text).toContain("Herinnering");
    expect(reminder?.text).toContain("Denksessie Utrecht");
    expect(driver.inbox("C")).toHaveLength(0); // waitlisted: no reminder

    const [question] = a.press(reminder, "signup.cancel");
    a.press(question, "signup.cancel.confirm");
    await driver.deliver();
    expect(driver.inbox("C").map((r) => r.text)).toEqual([expect.stringContaining("Good news")]);
  });
});

describe("a late reminder", () => {
  it("is not sent when the next moment in the window is after the session started", () => {
    // Monday 19:30: the reminder was due on Friday 17:59; the bot was down all weekend and starts Monday 07:00.
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "M1", date: "2027-09-13" }]) });
    driver.gp("A").signUp("M1");
    driver.clock.set(local("2027-09-13T07:00"));
    expect(queueSessionReminders(driver.ctx, driver.clock.now())).toBe(1); // 08:00 is still before 19:30
    driver.clock.set(local("2027-09-13T18:30"));
    driver.gp("B").signUp("M1");
    expect(queueSessionReminders(driver.ctx, driver.clock.now())).toBe(0); // next window moment is Tuesday
  });
});
