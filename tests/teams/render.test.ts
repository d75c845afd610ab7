import { afterEach, describe, expect, it } from "vitest";
import {
  calendarLinkDays,
  calendarLinker,
  contentToken,
  readCalendarToken,
} from "../../adapters/http/calendar-links.js";
import { renderActivity, renderCard } from "../../adapters/teams/render.js";
import type { Attachment, InviteRef, Reply } from "../../src/contract.js";
import { adaptiveCardValidator } from "../support/adaptive-card-schema.js";
import { Driver, sessionsCsv } from "../support/driver.js";

const validate = adaptiveCardValidator();
const linkedAt = Date.UTC(2027, 5, 1);
const linkFor = calendarLinker("https://bot.example.org/", "test-secret", () => linkedAt);
let driver: Driver;
afterEach(() => driver?.close());

/** Every kind of reply the core makes, from real conversations. */
async function everyReply(): Promise<Record<string, Reply>> {
  driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 1 }, { id: "S2" }]) });
  const a = driver.gp("A");
  const b = driver.gp("B");
  const one = (replies: Reply[]): Reply => {
    const [reply] = replies;
    if (!reply) throw new Error("no reply");
    return reply;
  };
  const replies: Record<string, Reply> = {
    help: one(a.say("hallo")),
    unknown: one(a.say("wat is het weer")),
    list: one(a.say("sessies")),
    noSessions: one(a.say("sessies tilburg")),
    details: one(a.click("signup.details", "S1")),
    form: one(a.click("signup.join", "S1")),
    formWithErrors: one(a.click("signup.profile", "S1", { roster_name: "", role: "x" })),
    confirmation: one(a.click("signup.profile", "S1", { roster_name: "Dr. A", role: "huisarts" })),
    waitlist: b.signUp("S1"),
    mine: one(a.say("mijn sessies")),
    cancelQuestion: one(a.click("signup.cancel", "S1")),
    cancelled: one(a.click("signup.cancel.confirm", "S1")),
    kept: one(b.click("signup.cancel.keep", "S1")),
    notice: one(a.click("signup.cancel.confirm", "S1")),
  };
  await driver.deliver();
  const [promoted] = driver.inbox("B");
  if (!promoted) throw new Error("no promotion notice");
  replies.promoted = promoted;
  return replies;
}

describe("the Adaptive Card renderer", () => {
  it("renders every kind of core reply as a card that validates against Adaptive Cards 1.5", async () => {
    const replies = await everyReply();
    for (const [kind, reply] of Object.entries(replies)) {
      for (const locale of ["nl", "en"] as const) {
        const card = renderCard(reply, { locale, linkFor });
        expect({ kind, errors: validate(card) }).toEqual({ kind, errors: [] });
        expect(card.version).toBe("1.5");
        expect(card.fallbackText).toBe(reply.text);
      }
    }
  });

  it("has a validator that refuses a broken card", () => {
    const card = renderCard({ text: "t" });
    expect(validate({ ...card, body: [{ type: "TextBlok", text: "x" }] })).not.toEqual([]);
    expect(validate({ ...card, actions: [{ type: "Action.Execute", verb: 3 }] })).not.toEqual([]);
  });

  it("turns buttons into Action.Execute with the action id as verb, with an Action.Submit fallback", () => {
    const card = renderCard({
      text: "t",
      blocks: [
        { kind: "actions", actions: [{ id: "signup.join", label: "Aanmelden", value: "S1", style: "primary" }] },
      ],
    });
    const set = card.body[0];
    expect(set?.type).toBe("ActionSet");
    if (set?.type !== "ActionSet") return;
    expect(set.actions[0]).toMatchObject({
      type: "Action.Execute",
      verb: "signup.join",
      data: { actionId: "signup.join", value: "S1" },
      style: "positive",
      fallback: { type: "Action.Submit", data: { actionId: "signup.join", value: "S1" } },
    });
  });

  it("renders a form with required inputs, the core's errors under the fields, and a submit carrying the inputs", async () => {
    const { formWithErrors } = await everyReply();
    if (!formWithErrors) throw new Error("no form");
    const card = renderCard(formWithErrors);
    const inputs = card.body.filter((e) => e.type === "Input.Text" || e.type === "Input.ChoiceSet");
    expect(inputs.map((i) => i.type)).toEqual(["Input.Text", "Input.ChoiceSet"]);
    const errors = formWithErrors.blocks?.flatMap((b) => (b.kind === "input" && b.error ? [b.error] : [])) ?? [];
    expect(errors).toHaveLength(2);
    for (const error of errors) {
      expect(card.body).toContainEqual(expect.objectContaining({ type: "TextBlock", text: error, color: "Attention" }));
      expect(inputs).toContainEqual(expect.objectContaining({ isRequired: true, errorMessage: error }));
    }
    expect(card.actions?.[0]).toMatchObject({
      type: "Action.Execute",
      verb: "signup.profile",
      associatedInputs: "auto",
    });
  });

  it('offers the calendar invite as "Zet in agenda", a signed link that gives back the same .ics', async () => {
    const { confirmation } = await everyReply();
    if (!confirmation) throw new Error("no confirmation");
    // The link comes first in the card's buttons, before "Afmelden".
    const buttons = (card: ReturnType<typeof renderCard>) => [
      ...card.body.flatMap((e) => (e.type === "ActionSet" ? e.actions : [])),
      ...(card.actions ?? []),
    ];
    const open = buttons(renderCard(confirmation, { linkFor }))[0];
    expect(open?.title).toBe("Zet in agenda");
    expect(buttons(renderCard(confirmation, { linkFor, locale: "en" }))[0]?.title).toBe("Add to calendar");
    const url = open?.type === "Action.OpenUrl" ? open.url : "";
    const match = /^https:\/\/bot\.example\.org\/calendar\/(.+)\.ics$/.exec(url);
    const token = match?.[1] ?? "";
    // The link is a short signed reference; opening it rebuilds the invite for the same session and revision.
    expect(token.length).toBeLessThan(150);
    const invite = confirmation.attachments?.[0];
    if (!invite?.invite) throw new Error("no invite reference");
    const asked: InviteRef[] = [];
    const reader = (secret: string, now = linkedAt + 86_400_000) => ({
      secret,
      now,
      rebuild: (ref: InviteRef): Attachment => {
        asked.push(ref);
        return invite;
      },
    });
    expect(readCalendarToken(reader("test-secret"), token)?.content).toBe(invite.content);
    expect(asked).toEqual([{ sessionId: "S1", revision: invite.invite.revision, cancelled: false }]);
    expect(readCalendarToken(reader("other-secret"), token)).toBeUndefined();
    expect(readCalendarToken(reader("test-secret"), `${token.slice(0, -2)}xx`)).toBeUndefined();
    const expired = linkedAt + (calendarLinkDays + 1) * 86_400_000;
    expect(readCalendarToken(reader("test-secret", expired), token)).toBeUndefined();
    expect(asked).toHaveLength(1);
    // Links that carry the whole file (made before, or for a calendar file that is no session's) still open.
    const whole = contentToken("test-secret", { ...invite, invite: undefined });
    expect(readCalendarToken(reader("test-secret"), whole)?.content).toBe(invite.content);
    expect(asked).toHaveLength(1);
  });

  it("wraps the card in a message activity with the text fallback as summary", () => {
    const activity = renderActivity({ text: "Hallo" });
    expect(activity.summary).toBe("Hallo");
    expect(activity.attachments[0]?.content.body[0]).toMatchObject({ type: "TextBlock", text: "Hallo", wrap: true });
  });
});
