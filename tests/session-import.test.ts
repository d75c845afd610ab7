import { afterEach, describe, expect, it } from "vitest";
import { parseSessionsCsv, parseSessionsJson } from "../src/domain/session-import.js";
import { getSession, listSessions } from "../src/domain/sessions.js";
import { importSessions } from "../src/services/session-service.js";
import { Driver, sessionsCsv } from "./support/driver.js";

const zone = "Europe/Amsterdam";
let driver: Driver;
afterEach(() => driver?.close());

const header = "id,title,date,start_time,end_time,venue,address,city,region,leader,capacity,audience,signup_deadline";

describe("session import", () => {
  it("reads times in Amsterdam time on both sides of the DST change", () => {
    const parsed = parseSessionsCsv(
      [
        header,
        "S1,Zomer,2027-09-15,19:30,22:00,Zaal,Straat 1,Utrecht,utrecht,Anne,20,both,2027-09-10",
        "S2,Winter,2027-11-15,19:30,22:00,Zaal,Straat 1,Utrecht,Utrecht,Anne,20,huisartsen,",
      ].join("\n"),
      zone,
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(new Date(parsed.sessions[0]?.startsAt ?? 0).toISOString()).toBe("2027-09-15T17:30:00.000Z");
    expect(new Date(parsed.sessions[1]?.startsAt ?? 0).toISOString()).toBe("2027-11-15T18:30:00.000Z");
    expect(parsed.sessions[1]?.audience).toBe("huisarts");
    expect(parsed.sessions[0]?.region).toBe("Utrecht");
    expect(new Date(parsed.sessions[0]?.signupDeadline ?? 0).toISOString()).toBe("2027-09-10T21:59:59.999Z");
  });

  it("reports every bad row by line, field and reason, and imports nothing", () => {
    driver = new Driver();
    const text = [
      header,
      "OK1,Goed,2027-09-15,19:30,22:00,Zaal,Straat 1,Utrecht,Utrecht,Anne,20,both,",
      "BAD1,Datum,2027-02-30,19:30,22:00,Zaal,Straat 1,Utrecht,Utrecht,Anne,20,both,",
      "BAD2,Tijd,2027-09-15,22:00,19:30,Zaal,Straat 1,Utrecht,Atlantis,Anne,nul,iedereen,",
      "OK1,Dubbel,2027-09-16,19:30,22:00,Zaal,Straat 1,Utrecht,Utrecht,Anne,20,both,",
      ",,,,,,,,,,,,",
    ].join("\n");
    const parsed = parseSessionsCsv(text, zone);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const found = parsed.problems.map((p) => `${p.line}:${p.field}`);
    expect(found).toEqual(
      expect.arrayContaining(["3:date", "4:region", "4:capacity", "4:audience", "5:id", "6:id", "6:title"]),
    );
    expect(parsed.problems.find((p) => p.line === 4 && p.field === "capacity")?.reason).toMatch(/whole number/);
    expect(listSessions(driver.ctx.db, { includeCancelled: true })).toHaveLength(0);
  });

  it("names unknown and missing columns, and rows with the wrong number of fields", () => {
    const unknown = parseSessionsCsv(`${header},colour\n`, zone);
    expect(unknown.ok || unknown.problems).toEqual([expect.objectContaining({ line: 1, field: "colour" })]);
    const missing = parseSessionsCsv("id,title\nA,B\n", zone);
    expect(missing.ok || missing.problems.map((p) => p.field)).toContain("capacity");
    const short = parseSessionsCsv(`${header}\nA,B\n\nC,D,E\n`, zone);
    expect(short.ok || short.problems.map((p) => `${p.line}:${p.reason}`)).toEqual([
      "2:has 2 fields, the header has 13",
      "4:has 3 fields, the header has 13",
    ]);
  });

  it("reads JSON with the same fields and numbers items", () => {
    const good = {
      id: "J1",
      title: "Json",
      date: "2027-09-20",
      start_time: "19:30",
      end_time: "22:00",
      venue: "Zaal",
      city: "Zwolle",
      region: "Overijssel",
      leader: "Bram",
      capacity: 12,
    };
    const parsed = parseSessionsJson(JSON.stringify({ sessions: [good, { ...good, id: "J2", capacity: -1 }] }), zone);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems).toEqual([expect.objectContaining({ line: 2, field: "capacity" })]);
    const ok = parseSessionsJson(JSON.stringify([good]), zone);
    expect(ok.ok && ok.sessions[0]?.capacity).toBe(12);
    expect(parseSessionsJson("{nope", zone).ok).toBe(false);
  });

  it("re-import updates by id and keeps sign-ups; lowering capacity below the confirmed count is refused", () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 3 }]) });
    for (const id of ["a", "b", "c", "d"]) driver.gp(id).signUp("S1");
    expect(getSession(driver.ctx.db, "S1")).toMatchObject({ confirmed: 3, waitlisted: 1 });

    const renamed = sessionsCsv([{ id: "S1", capacity: 3, city: "Zeist" }]);
    driver.importCsv(renamed);
    expect(getSession(driver.ctx.db, "S1")).toMatchObject({ city: "Zeist", confirmed: 3, waitlisted: 1, revision: 1 });

    const parsed = parseSessionsCsv(sessionsCsv([{ id: "S1", capacity: 2 }]), zone);
    if (!parsed.ok) throw new Error("fixture");
    const refused = importSessions(driver.ctx, parsed.sessions, parsed.lines);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.problems[0]?.reason).toMatch(/below the 3 confirmed/);
    expect(getSession(driver.ctx.db, "S1")?.capacity).toBe(3);
  });

  it("a raised capacity promotes from the waitlist and tells the member", async () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 1 }]) });
    driver.gp("a").signUp("S1");
    driver.gp("b").signUp("S1");
    driver.importCsv(sessionsCsv([{ id: "S1", capacity: 2 }]));
    expect(getSession(driver.ctx.db, "S1")).toMatchObject({ confirmed: 2, waitlisted: 0 });
    await driver.deliver();
    expect(driver.inbox("b")[0]?.text).toContain("Goed nieuws");
  });

  it("a cancelled session tells its confirmed and waitlisted members, once", async () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 1 }]) });
    driver.gp("a").signUp("S1");
    driver.gp("b").signUp("S1");
    driver.gp("c");
    const cancelled = `${sessionsCsv([{ id: "S1", capacity: 1 }])},open`.replace(
      "signup_deadline\n",
      "signup_deadline,status\n",
    );
    driver.importCsv(cancelled.replace(/,open$/, ",cancelled"));
    driver.importCsv(cancelled.replace(/,open$/, ",cancelled"));
    await driver.deliver();
    expect(driver.inbox("a").map((r) => r.text)).toEqual([expect.stringContaining("gaat")]);
    expect(driver.inbox("b")).toHaveLength(1);
    expect(driver.inbox("a")[0]?.attachments?.[0]?.content).toContain("METHOD:CANCEL");
    expect(driver.gp("d").click("signup.join", "S1")[0]?.text).toContain("niet door");
  });
});
