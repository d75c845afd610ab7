import { afterEach, describe, expect, it } from "vitest";
import type { Reply } from "../src/contract.js";
import { upsertDirectoryEntry } from "../src/domain/directory.js";
import { findIdentity, identitiesOf } from "../src/domain/identities.js";
import { findMember, getMemberById } from "../src/domain/members.js";
import { enqueue } from "../src/domain/outbox.js";
import { nudgesPlanned } from "../src/domain/outbox-nudges.js";
import { getSession } from "../src/domain/sessions.js";
import { memberSignups } from "../src/domain/signups.js";
import { eraseMember } from "../src/services/member-data.js";
import { Driver, sessionsCsv } from "./support/driver.js";

let driver: Driver;
afterEach(() => driver?.close());

const minute = 60_000;

/** Someone writing to the bot from one platform account (the core takes any platform id). */
class Account {
  constructor(
    readonly platform: string,
    readonly user: string,
  ) {}

  private get from() {
    return { platform: this.platform, conversation: `dm-${this.user}`, user: this.user, direct: true };
  }

  say(text: string, where: "direct" | "channel" = "direct"): string {
    const from = where === "direct" ? this.from : { platform: this.platform, conversation: "C-team", user: this.user };
    return driver.core
      .handle({ kind: "message", text, from })
      .map((r: Reply) => r.text)
      .join("\n");
  }

  signUp(sessionId: string, name = `Dokter ${this.user}`): void {
    const [first] = driver.core.handle({ kind: "action", actionId: "signup.join", value: sessionId, from: this.from });
    if (first?.form) {
      const { id, value } = first.form.submit;
      driver.core.handle({
        kind: "action",
        actionId: id,
        ...(value !== undefined ? { value } : {}),
        form: { roster_name: name, role: "huisarts" },
        from: this.from,
      });
    }
  }

  get memberId(): number {
    const member = findMember(driver.ctx.db, this.platform, this.user);
    if (!member) throw new Error(`${this.platform}:${this.user} is not known`);
    return member.id;
  }

  /** `koppel`: the code from the reply. */
  askCode(): string {
    const reply = this.say("koppel");
    const code = /\b(\d{6})\b/.exec(reply)?.[1];
    if (!code) throw new Error(`no code in: ${reply}`);
    return code;
  }
}

const slack = new Account("slack", "U1");
const teams = new Account("teams", "T1");

function linked(): void {
  expect(teams.say(`koppel ${slack.askCode()}`)).toContain("Uw accounts zijn gekoppeld");
}

describe("one person on two platforms", () => {
  it("koppel gives a code on one platform; typed on the other, the accounts are one member", () => {
    driver = new Driver();
    const reply = slack.say("koppel");
    expect(reply).toMatch(/^Uw koppelcode is \d{6}\. Typ binnen 10 minuten `koppel \d{6}`/);
    const code = /(\d{6})/.exec(reply)?.[1];
    teams.say("hallo");
    expect(teams.memberId).not.toBe(slack.memberId);
    expect(teams.say(`koppel ${code}`)).toContain("Uw accounts zijn gekoppeld");
    expect(teams.memberId).toBe(slack.memberId);
    expect(identitiesOf(driver.ctx.db, slack.memberId).map((i) => [i.platform, i.linkedBy])).toEqual([
      ["slack", null],
      ["teams", "code"],
    ]);
    expect(teams.say(`koppel ${slack.askCode()}`)).toBe("Deze accounts zijn al gekoppeld.");
  });

  it("gives a code only in the direct chat, where nobody else reads it", () => {
    driver = new Driver();
    const reply = slack.say("koppel", "channel");
    expect(reply).toBe("Een koppelcode geef ik alleen in uw privégesprek met Spreekuur. Stuur mij daar `koppel`.");
    expect(driver.ctx.db.prepare("SELECT count(*) AS n FROM link_codes").get()).toEqual({ n: 0 });
  });

  it("merges sign-ups, nudge counts and poll participation", () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S1" }, { id: "S2", city: "Zwolle" }]) });
    const { db } = driver.ctx;
    const now = driver.clock.now();
    slack.signUp("S1");
    teams.signUp("S2");
    const poll = Number(
      db
        .prepare(
          `INSERT INTO polls (question, kind, options, anonymous, audience, starts_at, open_ms, created_at)
           VALUES ('V?', 'single', '["ja","nee"]', 1, 'all', ?, 86400000, ?)`,
        )
        .run(now, now).lastInsertRowid,
    );
    const round = db.prepare("INSERT INTO poll_rounds (poll_id, opens_at, closes_at) VALUES (?, ?, ?)");
    const rounds = [now, now + 1].map((at) => Number(round.run(poll, at, at + 86_400_000).lastInsertRowid));
    const participate = db.prepare("INSERT INTO poll_participants (round_id, member_id) VALUES (?, ?)");
    participate.run(rounds[0], slack.memberId);
    participate.run(rounds[1], teams.memberId);
    for (const account of [slack, teams])
      enqueue(
        db,
        {
          dedupeKey: `nudge:${account.platform}:${account.memberId}`,
          kind: "test.nudge",
          to: { platform: account.platform, conversation: `dm-${account.user}` },
          memberId: account.memberId,
          reply: { text: "Herinnering" },
          notBefore: now,
          nudge: true,
        },
        now,
      );

    linked();
    const person = slack.memberId;
    expect(memberSignups(db, person, now).map((s) => s.session.id)).toEqual(["S1", "S2"]);
    expect(nudgesPlanned(db, person, now, now + 7 * 86_400_000)).toBe(2);
    expect(
      db.prepare("SELECT round_id FROM poll_participants WHERE member_id = ? ORDER BY round_id").all(person),
    ).toEqual(rounds.map((id) => ({ round_id: id })));
  });

  it("signed up for the same session on both: the earlier sign-up stays and the freed place goes to the waitlist", () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 2 }]) });
    const { db } = driver.ctx;
    const signedUpAt = driver.clock.now();
    slack.signUp("S1");
    driver.clock.advance(minute);
    teams.signUp("S1");
    const waiting = new Account("memory", "W1");
    waiting.signUp("S1");
    expect(getSession(db, "S1")).toMatchObject({ confirmed: 2, waitlisted: 1 });

    linked();
    expect(db.prepare("SELECT member_id, status, created_at FROM signups ORDER BY seq").all()).toEqual([
      { member_id: slack.memberId, status: "confirmed", created_at: signedUpAt },
      { member_id: waiting.memberId, status: "confirmed", created_at: signedUpAt + minute },
    ]);
    expect(getSession(db, "S1")).toMatchObject({ capacity: 2, confirmed: 2, waitlisted: 0 });
    expect(db.prepare("SELECT member_id FROM outbox WHERE kind = 'waitlist.promoted'").all()).toEqual([
      { member_id: waiting.memberId },
    ]);
  });

  it("refuses a wrong, an expired and a used code, and stops an account after five wrong tries", () => {
    driver = new Driver();
    const code = slack.askCode();
    const wrong = code === "000000" ? "000001" : "000000";
    expect(teams.say(`koppel ${wrong}`)).toBe(
      "Deze code klopt niet. Typ `koppel` in uw andere account voor een nieuwe code.",
    );
    driver.clock.advance(10 * minute);
    expect(teams.say(`koppel ${code}`)).toContain("Deze code is verlopen");
    expect(teams.memberId).not.toBe(slack.memberId);

    linked();
    const third = new Account("teams", "T2");
    expect(third.say(`koppel ${code}`)).toContain("Deze code klopt niet");
    expect(third.memberId).not.toBe(slack.memberId);

    const fresh = slack.askCode();
    for (let i = 0; i < 4; i++) third.say(`koppel ${fresh === "999999" ? "999998" : "999999"}`);
    expect(third.say(`koppel ${fresh}`)).toContain("te vaak een verkeerde code");
    expect(third.memberId).not.toBe(slack.memberId);
    driver.clock.advance(10 * minute);
    expect(third.say(`koppel ${slack.askCode()}`)).toContain("Uw accounts zijn gekoppeld");
  });

  it("ontkoppel makes the account a person of its own again; sign-ups stay with the other", () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S1" }]) });
    const { db } = driver.ctx;
    slack.signUp("S1", "Dr. Jansen");
    linked();
    expect(slack.say("ontkoppel")).toContain("Dit account is ontkoppeld");
    expect(teams.say("ontkoppel")).toBe("Dit account is niet aan een ander account gekoppeld.");
    expect(slack.memberId).not.toBe(teams.memberId);
    expect(memberSignups(db, teams.memberId, driver.clock.now()).map((s) => s.session.id)).toEqual(["S1"]);
    expect(memberSignups(db, slack.memberId, driver.clock.now())).toEqual([]);
    expect(getMemberById(db, slack.memberId)?.rosterName).toBe("Dr. Jansen");
    expect(db.prepare("SELECT auto_link, linked_by FROM identities WHERE user_id = 'U1'").get()).toEqual({
      auto_link: 0,
      linked_by: null,
    });
  });

  it("voorkeur chooses the platform messages reach the person on", () => {
    driver = new Driver();
    linked();
    const { db } = driver.ctx;
    expect(getMemberById(db, slack.memberId)?.platform).toBe("teams"); // used last
    expect(teams.say("voorkeur slack")).toBe("Spreekuur stuurt uw berichten voortaan via Slack.");
    expect(getMemberById(db, slack.memberId)?.platform).toBe("slack");
    expect(slack.say("voorkeur teams")).toBe("Spreekuur stuurt uw berichten voortaan via Teams.");
    expect(getMemberById(db, slack.memberId)?.platform).toBe("teams");
    expect(slack.say("voorkeur memory")).toBe(
      "U heeft geen gekoppeld account op Memory. U kunt kiezen uit: Slack, Teams.",
    );
    expect(getMemberById(db, slack.memberId)?.platform).toBe("teams");
  });

  it("the same verified e-mail on two platforms' directories links them, but not after ontkoppel", () => {
    driver = new Driver();
    const { db } = driver.ctx;
    const now = driver.clock.now();
    const entry = (platform: string, userId: string, emailHash: string) => ({
      platform,
      workspace: "W",
      userId,
      guest: false,
      emailHash,
    });
    // The same platform twice is two accounts, not one person.
    const sameSide = [upsertDirectoryEntry(db, entry("slack", "U2", "hash-s"), now)];
    sameSide.push(upsertDirectoryEntry(db, entry("slack", "U3", "hash-s"), now));
    expect(sameSide[0]).not.toBe(sameSide[1]);
    const older = upsertDirectoryEntry(db, entry("slack", "U1", "hash-a"), now);
    driver.clock.advance(minute);
    expect(upsertDirectoryEntry(db, entry("teams", "T1", "hash-a"), now + minute)).toBe(older);
    expect(findIdentity(db, "teams", "T1")).toMatchObject({ memberId: older, linkedBy: "email" });
    const other = upsertDirectoryEntry(db, entry("teams", "T3", "hash-b"), now + minute);
    expect(new Set([older, ...sameSide, other]).size).toBe(4);

    expect(teams.say("ontkoppel")).toContain("Dit account is ontkoppeld");
    const split = teams.memberId;
    expect(split).not.toBe(older);
    upsertDirectoryEntry(db, entry("teams", "T1", "hash-a"), now + minute);
    upsertDirectoryEntry(db, entry("slack", "U1", "hash-a"), now + minute);
    expect(teams.memberId).toBe(split);
    expect(slack.memberId).toBe(older);
  });

  it("erasing a linked person removes both identities", () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S1" }]) });
    const { db } = driver.ctx;
    slack.signUp("S1");
    linked();
    const member = getMemberById(db, slack.memberId);
    if (!member) throw new Error("setup");
    eraseMember(driver.ctx, member);
    expect(db.prepare("SELECT count(*) AS n FROM identities WHERE user_id IN ('U1', 'T1')").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM members").get()).toEqual({ n: 0 });
  });
});
