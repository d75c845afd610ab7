import { afterEach, describe, expect, it, vi } from "vitest";
import { roster } from "../src/domain/signups.js";
import { Driver, sessionsCsv } from "./support/driver.js";
import { type SlackBot, startSlackBot } from "./support/slack-app.js";
import { blockAction, post, selectValue, textValue, viewSubmission } from "./support/slack-requests.js";

// Roster names are shown beside other members' names: no emoji-only names, no bidi tricks.

let driver: Driver | undefined;
let bot: SlackBot | undefined;
afterEach(async () => {
  driver?.close();
  driver = undefined;
  await bot?.stop();
  bot = undefined;
});

const nameError = (reply: { blocks?: { kind: string; id?: string; error?: string }[] } | undefined) =>
  reply?.blocks?.find((b) => b.kind === "input" && b.id === "roster_name")?.error;
const storedName = (d: Driver, user: string) =>
  (
    d.ctx.db.prepare("SELECT roster_name FROM member_reach WHERE user_id = ?").get(user) as {
      roster_name: string | null;
    }
  ).roster_name;

describe("roster names", () => {
  it("refuses a name without a letter, saying so beside the field in Dutch and English; nothing is stored", () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S1" }]) });
    for (const [user, locale, words] of [
      ["U1", undefined, /letters/],
      ["U2", "en", /in letters/],
    ] as const) {
      const gp = driver.gp(user, locale);
      gp.click("signup.join", "S1");
      for (const name of ["😀😀", "\u202E\u200B\u2066 \u2069", "12 34", "🩺 - ✔️"]) {
        const [reply] = gp.click("signup.profile", "S1", { roster_name: name, role: "huisarts" });
        expect(reply?.form?.submit.id).toBe("signup.profile");
        expect(nameError(reply)).toMatch(words);
      }
      expect(storedName(driver, user)).toBeNull();
    }
    expect(driver.ctx.db.prepare("SELECT count(*) AS n FROM signups").get()).toEqual({ n: 0 });
  });

  it("strips bidi controls and zero-width characters, normalises to NFC and collapses spaces", () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S1" }]) });
    const cases: [string, string, string][] = [
      // A right-to-left override would show "Dr. Jansen" reversed; the leader sees the letters as typed.
      ["U1", "Dr. \u202Enesnaj\u202C  A.", "Dr. nesnaj A."],
      ["U2", "\u2067Bakker\u2069\u200F \u200Bde\u200D\u00A0Vries\u200E", "Bakker de Vries"],
      ["U3", "Zoe\u0308 Mu\u0308ller\u0301\u0301\u0301\u0301", "Zoë Mülleŕ\u0301\u0301"],
      ["U4", "Anne\tde\nVries 🩺", "Anne de Vries 🩺"],
    ];
    for (const [user, typed] of cases) driver.gp(user).signUp("S1", typed);
    const names = roster(driver.ctx.db, "S1").map((e) => e.rosterName);
    expect(names).toEqual(cases.map(([, , shown]) => shown));
    for (const name of names) expect(name).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    expect(names[2]).toBe(names[2]?.normalize("NFC"));
  });

  it("through the real Slack modal: an emoji name is refused next to the field, a masked name is stored clean", async () => {
    const started = await startSlackBot({ sessionsCsv: sessionsCsv([{ id: "UT1" }]) });
    bot = started;
    const { fake } = started;
    await post(
      bot.url,
      blockAction({ user: "U1", actionId: "signup.join", value: "UT1", channel: "DU1", ts: "1", triggerId: "t1" }),
    );
    const opened = await fake.waitFor(() => fake.callsTo("views.open")[0]);
    const metadata = (opened.params.view as { private_metadata: string }).private_metadata;
    const refused = await post(
      bot.url,
      viewSubmission(
        "U1",
        { id: "V1", private_metadata: metadata },
        {
          ...textValue("roster_name", "🙂🙂🙂"),
          ...selectValue("role", "huisarts"),
        },
      ),
    );
    const body = (await refused.json()) as { response_action: string; errors: Record<string, string> };
    expect(body).toMatchObject({ response_action: "errors" });
    expect(body.errors.roster_name).toMatch(/letters/);
    expect(bot.count("SELECT count(*) AS n FROM signups")).toBe(0);

    const accepted = await post(
      bot.url,
      viewSubmission(
        "U1",
        { id: "V1", private_metadata: metadata },
        {
          ...textValue("roster_name", "Sanne \u202Ekkab\u202C\u2066"),
          ...selectValue("role", "huisarts"),
        },
      ),
    );
    expect(accepted.status).toBe(200);
    // A sound form is acked first; the sign-up follows on the core's thread.
    await vi.waitFor(() =>
      expect(started.count("SELECT count(*) AS n FROM signups WHERE status = 'confirmed'")).toBe(1),
    );
    expect(bot.count("SELECT count(*) AS n FROM member_reach WHERE roster_name = 'Sanne kkab'")).toBe(1);
  });
});
