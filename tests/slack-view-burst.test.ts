import { afterEach, describe, expect, it } from "vitest";
import { encodeMetadata } from "../adapters/slack/render-modal.js";
import { sessionsCsv } from "./support/driver.js";
import { type SlackBot, startSlackBot } from "./support/slack-app.js";
import { dmMessage, post, selectValue, textValue, viewSubmission } from "./support/slack-requests.js";

// A burst of sign-up forms (view_submission) for a session with fewer places: each form is checked before the
// ack (mistakes answered in the modal), the sign-up itself runs after it, and the outcome goes to the DM.

let bot: SlackBot;
afterEach(async () => bot?.stop());

const places = 5;
const valid = 30;
const invalid = 4;
const idle = (b: SlackBot) => (b.slack as { idle?: () => Promise<void> }).idle?.();

describe("Slack: a burst of sign-up forms", () => {
  it("acks every form before its sign-up runs, confirms exactly the places and tells everyone the truth", async () => {
    bot = await startSlackBot({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: places }]) });
    const { fake } = bot;
    const privateMetadata = encodeMetadata({ a: "signup.profile", v: "S1" });
    // Other members' replies hang, so the work lane is busy: an ack that waited for the sign-up would show it.
    const release = fake.hold("chat.postMessage");
    for (let i = 0; i < 10; i++) await post(bot.url, dmMessage(`UB${i}`, "help"));
    await fake.waitFor(() => fake.callsTo("chat.postMessage").length >= 8);

    const form = (user: string, name: string, role: string) =>
      post(
        bot.url,
        viewSubmission(
          user,
          { id: `V${user}`, private_metadata: privateMetadata },
          {
            ...textValue("roster_name", name),
            ...selectValue("role", role),
          },
        ),
      );
    const users = Array.from({ length: valid }, (_, i) => `UG${i}`);
    const wrong = Array.from({ length: invalid }, (_, i) => `UX${i}`);
    const answers = await Promise.all([
      ...users.map((u) =>
        form(u, `Dokter ${u}`, "huisarts").then(async (r) => ({ status: r.status, body: await r.text() })),
      ),
      ...wrong.map((u) => form(u, " ", "tandarts").then(async (r) => ({ status: r.status, body: await r.text() }))),
    ]);
    // Every valid form closed its modal with an empty ack, before any of the sign-ups was stored.
    expect(answers.slice(0, valid).every((a) => a.status === 200 && a.body === "")).toBe(true);
    expect(bot.count("SELECT count(*) AS n FROM signups")).toBe(0);
    // Mistakes are answered in the modal, next to the fields.
    for (const a of answers.slice(valid)) {
      const body = JSON.parse(a.body) as { response_action: string; errors: Record<string, string> };
      expect(body.response_action).toBe("errors");
      expect(Object.keys(body.errors).sort()).toEqual(["role", "roster_name"]);
    }

    release();
    await idle(bot);
    expect(bot.count("SELECT count(*) AS n FROM signups WHERE status = 'confirmed'")).toBe(places);
    expect(bot.count("SELECT count(*) AS n FROM signups WHERE status = 'waitlisted'")).toBe(valid - places);
    const statusOf = (user: string) =>
      (
        bot.app.core.ctx.db
          .prepare("SELECT s.status FROM signups s JOIN member_reach m ON m.id = s.member_id WHERE m.user_id = ?")
          .get(user) as { status: string }
      ).status;
    for (const user of users) {
      const told = fake.callsTo("chat.postMessage").filter((c) => c.result && c.params.channel === `D${user}`);
      expect(told).toHaveLength(1);
      const text = String(told[0]?.params.text);
      if (statusOf(user) === "confirmed") expect(text).toContain("U bent aangemeld");
      else expect(text).toContain("U staat op de wachtlijst");
    }
    for (const user of wrong) {
      expect(fake.callsTo("chat.postMessage").filter((c) => c.params.channel === `D${user}`)).toHaveLength(0);
    }
    expect(bot.count("SELECT count(*) AS n FROM member_reach WHERE user_id LIKE 'UX%'")).toBe(0);
  }, 60_000);
});
