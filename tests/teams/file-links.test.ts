import { afterEach, describe, expect, it } from "vitest";
import { calendarLinker, fileLinkMs, readCalendarToken } from "../../adapters/http/calendar-links.js";
import { renderCard } from "../../adapters/teams/render.js";
import type { Attachment, InviteRef } from "../../src/contract.js";
import { TeamsHarness } from "../support/teams-app.js";

// Files other than the calendar invite (a roster CSV, a privacy export) reach Teams as signed links that expire.

const file: Attachment = { filename: "mijn gegevens.json", mediaType: "application/json", content: '{"a":1}' };
const invite: Attachment = { filename: "sessie.ics", mediaType: "text/calendar", content: "BEGIN:VCALENDAR" };
const reader = (secret: string, now: number) => ({ secret, now, rebuild: () => undefined });
let harness: TeamsHarness | undefined;
afterEach(async () => harness?.stop());

describe("Teams file links", () => {
  it("render a download button for a file and keep the calendar button for the invite", () => {
    const linkFor = calendarLinker("https://bot.example.org", "s", () => 0);
    const card = renderCard({ text: "Uw gegevens", attachments: [file, invite] }, { linkFor });
    expect(card.actions?.map((a) => a.title)).toEqual(["Download mijn gegevens.json", "Zet in agenda"]);
    const urls = card.actions?.map((a) => ("url" in a ? a.url : "")) ?? [];
    expect(urls[0]).toMatch(/^https:\/\/bot\.example\.org\/files\/[^/]+\/mijn_gegevens\.json$/);
    expect(urls[1]).toMatch(/^https:\/\/bot\.example\.org\/calendar\/[^/]+\.ics$/);
  });

  it("expire after a day, refuse other secrets, and keep old calendar tokens readable", () => {
    const link = calendarLinker("https://bot.example.org", "s", () => 1000)(file);
    const token = decodeURIComponent(new URL(link).pathname.split("/")[2] ?? "");
    expect(readCalendarToken(reader("s", 1000 + fileLinkMs), token)).toEqual(file);
    expect(readCalendarToken(reader("s", 1001 + fileLinkMs), token)).toBeUndefined();
    expect(readCalendarToken(reader("t", 1000), token)).toBeUndefined();
    const calendar = new URL(calendarLinker("https://bot.example.org", "s")(invite)).pathname;
    const calendarToken = calendar.slice("/calendar/".length, -".ics".length);
    expect(readCalendarToken(reader("s", Number.MAX_SAFE_INTEGER), calendarToken)).toEqual(invite);
  });

  it("link a session's invite by reference: the same link all day, another for a new revision or day", () => {
    let now = 0;
    const linkFor = calendarLinker("https://bot.example.org", "s", () => now);
    const byRef = (revision: number): Attachment => ({
      ...invite,
      invite: { sessionId: "S1", revision, cancelled: false },
    });
    const tokenOf = (link: string) => new URL(link).pathname.slice("/calendar/".length, -".ics".length);
    const first = linkFor(byRef(1));
    expect(linkFor(byRef(1))).toBe(first);
    const second = linkFor(byRef(2));
    expect(second).not.toBe(first);
    now = 86_400_000;
    expect(linkFor(byRef(1))).not.toBe(first);
    const asked: InviteRef[] = [];
    const opener = {
      secret: "s",
      now,
      rebuild: (ref: InviteRef) => {
        asked.push(ref);
        return invite;
      },
    };
    expect(readCalendarToken(opener, tokenOf(first))).toEqual(invite);
    expect(readCalendarToken(opener, tokenOf(second))).toEqual(invite);
    expect(asked.map((ref) => ref.revision)).toEqual([1, 2]);
    expect(readCalendarToken({ ...opener, secret: "t" }, tokenOf(second))).toBeUndefined();
  });

  it("are served with their type by the bot, only under /files/, and not once expired", async () => {
    harness = await TeamsHarness.start();
    const now = harness.clock.now();
    const secretless = calendarLinker("https://spreekuur.test", "wrong", () => now)(file);
    expect((await fetch(new URL(new URL(secretless).pathname, harness.url))).status).toBe(404);
    // A real link from the running bot: ask for the export in chat and follow the card's button.
    const gp = harness.user("29:anna");
    await gp.install();
    await gp.say("mijn gegevens");
    const sent = JSON.stringify(harness.connector.sentTo(gp.conversationId).at(-1));
    const url = /"url":"(https:\/\/spreekuur\.test\/files\/[^"]+)"/.exec(sent)?.[1] ?? "";
    const path = new URL(url).pathname;
    const response = await fetch(new URL(path, harness.url));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(JSON.parse(await response.text()).identities[0].user_id).toBe("29:anna");
    const token = path.split("/")[2] ?? "";
    expect((await fetch(new URL(`/calendar/${token}.ics`, harness.url))).status).toBe(404);
    harness.clock.advance(fileLinkMs + 1);
    expect((await fetch(new URL(path, harness.url))).status).toBe(404);
  });
});
