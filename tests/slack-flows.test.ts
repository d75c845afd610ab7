import { afterEach, describe, expect, it } from "vitest";
import { sessionsCsv } from "./support/driver.js";
import type { RecordedCall } from "./support/fake-slack.js";
import { type SlackBot, startSlackBot } from "./support/slack-app.js";
import {
  blockAction,
  post,
  selectValue,
  slashCommand,
  textValue,
  urlVerification,
  viewSubmission,
} from "./support/slack-requests.js";

// Whole flows through signed HTTP requests, the real Bolt receiver, the real core and a fake Slack Web API.

let bot: SlackBot;
afterEach(async () => bot?.stop());

interface SlackButton {
  action_id: string;
  value?: string;
}
type SlackBlock = { type: string; block_id?: string; elements?: SlackButton[]; text?: { text: string } };

function buttons(blocks: unknown): SlackButton[] {
  return ((blocks as SlackBlock[] | undefined) ?? []).flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : []));
}
const lastCall = (calls: RecordedCall[]) => calls[calls.length - 1];
const signups = (b: SlackBot, status: string) => b.count("SELECT count(*) AS n FROM signups WHERE status = ?", status);

describe("Slack over HTTP", () => {
  it("answers url_verification with the challenge", async () => {
    bot = await startSlackBot();
    const res = await post(bot.url, urlVerification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
  });

  it("acknowledges commands and clicks before any Web API call completes", async () => {
    bot = await startSlackBot({ sessionsCsv: sessionsCsv([{ id: "S1" }]) });
    const { fake } = bot;
    const releaseRespond = fake.hold("respond");
    const command = await post(bot.url, slashCommand("U1", "sessies", fake.responseUrl("slow")));
    expect(command.status).toBe(200);
    expect(fake.responses).toHaveLength(0);
    releaseRespond();
    await fake.waitFor(() => fake.responses.length === 1);

    const releaseOpen = fake.hold("views.open");
    const click = await post(
      bot.url,
      blockAction({ user: "U1", actionId: "signup.join", value: "S1", channel: "DU1", ts: "1" }),
    );
    expect(click.status).toBe(200);
    expect(fake.callsTo("views.open")[0]?.result).toBeUndefined();
    releaseOpen();
    await fake.waitFor(() => fake.callsTo("views.open")[0]?.result);
  });

  it("lists, signs up through the modal, confirms in the DM with the invite, and cancels", async () => {
    bot = await startSlackBot({
      sessionsCsv: sessionsCsv([
        { id: "UT1", city: "Utrecht", date: "2027-09-14" },
        { id: "AMS", city: "Amsterdam", region: "Noord-Holland" },
      ]),
    });
    const { fake } = bot;

    // /spreekuur sessies utrecht: acked at once, the list goes to the response_url.
    const listed = await post(bot.url, slashCommand("U1", "sessies utrecht", fake.responseUrl("cmd")));
    expect(listed.status).toBe(200);
    const list = await fake.waitFor(() => fake.responses.find((r) => r.id === "cmd"));
    expect(list.body.text).toContain("1 denksessie");
    expect(list.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    const join = buttons(list.body.blocks).find((b) => b.action_id === "signup.join");
    expect(join?.value).toBe("UT1");

    // The first sign-up asks name and role in a modal.
    await post(
      bot.url,
      blockAction({
        user: "U1",
        actionId: "signup.join",
        value: "UT1",
        channel: "C0GENERAL",
        ephemeral: true,
        responseUrl: fake.responseUrl("eph"),
        triggerId: "trig-1",
      }),
    );
    const opened = await fake.waitFor(() => lastCall(fake.callsTo("views.open")));
    expect(opened.params.trigger_id).toBe("trig-1");
    const view = opened.params.view as { private_metadata: string; blocks: SlackBlock[]; title: { text: string } };
    expect(view.blocks.filter((b) => b.type === "input").map((b) => b.block_id)).toEqual(["roster_name", "role"]);
    expect(JSON.parse(view.private_metadata)).toMatchObject({ a: "signup.profile", v: "UT1" });
    expect(view.title.text.length).toBeLessThanOrEqual(24);

    // Invalid input: errors next to the fields, in the modal; nothing stored.
    const invalid = await post(
      bot.url,
      viewSubmission(
        "U1",
        { id: "V1", private_metadata: view.private_metadata },
        { ...textValue("roster_name", " "), ...selectValue("role", "tandarts") },
      ),
    );
    expect(invalid.status).toBe(200);
    const errors = (await invalid.json()) as { response_action: string; errors: Record<string, string> };
    expect(errors.response_action).toBe("errors");
    expect(Object.keys(errors.errors).sort()).toEqual(["role", "roster_name"]);
    expect(signups(bot, "confirmed")).toBe(0);

    // Valid input closes the modal; the confirmation and the .ics land in the DM.
    const valid = await post(
      bot.url,
      viewSubmission(
        "U1",
        { id: "V1", private_metadata: view.private_metadata },
        { ...textValue("roster_name", "Dr. Sanne Bakker"), ...selectValue("role", "huisarts") },
      ),
    );
    expect(valid.status).toBe(200);
    expect(await valid.text()).toBe("");
    await fake.waitFor(() => fake.callsTo("files.completeUploadExternal").length === 1);
    const confirmation = lastCall(fake.callsTo("chat.postMessage"));
    expect(confirmation?.params.channel).toBe("DU1");
    expect(confirmation?.params.text).toContain("U bent aangemeld voor Denksessie Utrecht");
    expect(confirmation?.token).toBe("xoxb-test-token-1");
    expect(fake.uploads[0]?.content).toContain("UID:session-UT1@spreekuur.app");
    expect(lastCall(fake.callsTo("files.completeUploadExternal"))?.params.channel_id).toBe("DU1");
    expect(signups(bot, "confirmed")).toBe(1);

    // Cancel from the confirmation in the DM: the message is replaced by the question, then by the outcome.
    const ts = String(confirmation?.result?.ts);
    const cancel = buttons(confirmation?.params.blocks).find((b) => b.action_id === "signup.cancel");
    expect(cancel?.value).toBe("UT1");
    await post(bot.url, blockAction({ user: "U1", actionId: "signup.cancel", value: "UT1", channel: "DU1", ts }));
    const question = await fake.waitFor(() => lastCall(fake.callsTo("chat.update")));
    expect(question.params).toMatchObject({ channel: "DU1", ts });
    expect(String(question.params.text)).toContain("Wilt u zich afmelden");
    const yes = buttons(question.params.blocks).find((b) => b.action_id === "signup.cancel.confirm");
    expect(yes?.value).toBe("UT1");
    await post(
      bot.url,
      blockAction({ user: "U1", actionId: "signup.cancel.confirm", value: "UT1", channel: "DU1", ts }),
    );
    await fake.waitFor(() => fake.callsTo("chat.update").length === 2);
    expect(String(lastCall(fake.callsTo("chat.update"))?.params.text)).toContain("afgemeld");
    expect(signups(bot, "confirmed")).toBe(0);

    // Signing up again from the private (ephemeral) list: no modal now; the list message is replaced through the
    // response_url and the confirmation with the invite goes to the DM.
    const posts = fake.callsTo("chat.postMessage").length;
    await post(
      bot.url,
      blockAction({
        user: "U1",
        actionId: "signup.join",
        value: "UT1",
        channel: "C0GENERAL",
        ephemeral: true,
        responseUrl: fake.responseUrl("again"),
      }),
    );
    const replaced = await fake.waitFor(() => fake.responses.find((r) => r.id === "again"));
    expect(replaced.body).toMatchObject({ replace_original: true, response_type: "ephemeral" });
    expect(String(replaced.body.text)).toContain("U bent aangemeld");
    await fake.waitFor(() => fake.callsTo("files.completeUploadExternal").length === 2);
    expect(
      fake
        .callsTo("chat.postMessage")
        .slice(posts)
        .map((c) => c.params.channel),
    ).toEqual(["DU1"]);
    expect(fake.callsTo("views.open")).toHaveLength(1);
    expect(signups(bot, "confirmed")).toBe(1);
  });
});
