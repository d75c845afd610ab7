import { afterEach, describe, expect, it } from "vitest";
import { calendarLinker } from "../adapters/http/calendar-links.js";
import { renderMessage } from "../adapters/slack/render.js";
import { renderCard } from "../adapters/teams/render.js";
import type { Reply } from "../src/contract.js";
import type { Poll, Round } from "../src/domain/polls.js";
import { formatRange } from "../src/i18n/dates.js";
import { pollCard, resultsReply } from "../src/views/poll-views.js";
import { viewContext } from "../src/views/view-context.js";
import { Driver, june2027, sessionsCsv } from "./support/driver.js";

// Issue 18, item 2: a card says each thing once, its text matches the surface, the positive action comes first.

let driver: Driver;
afterEach(() => driver?.close());

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;
/** What a member sees of a card: its body (Teams) or blocks (Slack), not the notification fallback. */
const teamsBody = (reply: Reply) => JSON.stringify(renderCard(reply, { linkFor }).body);
const slackBlocks = (reply: Reply) => JSON.stringify(renderMessage(reply).blocks);
const linkFor = calendarLinker("https://bot.example.org/", "test-secret", () => june2027);

describe("cards say each thing once", () => {
  it("names the session once on the confirmation, on both surfaces, with no claim of an attached file", () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "UT1", city: "Amersfoort" }]) });
    const confirmed = driver.gp("U1").signUp("UT1");
    for (const shown of [teamsBody(confirmed), slackBlocks(confirmed)]) {
      expect(count(shown, "Denksessie Amersfoort")).toBe(1);
      expect(shown).not.toContain("agenda-uitnodiging zit bij dit bericht");
    }
    // The plain-text fallback still tells the whole story.
    expect(confirmed.text).toContain("U bent aangemeld voor Denksessie Amersfoort");
  });

  it('puts "Zet in agenda" before "Afmelden" on the Teams confirmation', () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "UT1" }]) });
    const card = renderCard(driver.gp("U1").signUp("UT1"), { linkFor });
    const titles = JSON.stringify(card).match(/"title":"(Zet in agenda|Afmelden)"/g) ?? [];
    expect(titles[0]).toContain("Zet in agenda");
    expect(titles.some((t) => t.includes("Afmelden"))).toBe(true);
  });

  it('says "Uw sessies" and the delivery report\'s title once', () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "UT1" }]), env: { ORGANISERS: "memory:ORG" } });
    const gp = driver.gp("U1");
    gp.signUp("UT1");
    const [mine] = gp.say("mijn sessies");
    expect(mine && count(slackBlocks(mine), "Uw sessies")).toBe(1);
    expect(mine && count(teamsBody(mine), "Uw sessies")).toBe(1);
    const org = driver.gp("ORG");
    const [preview] = org.click("broadcast.preview", undefined, { bc_text: "Hallo", bc_audience: "everyone" });
    const confirmId = preview?.blocks?.flatMap((b) => (b.kind === "actions" ? b.actions : []))[0]?.value;
    org.click("broadcast.confirm", confirmId);
    const [report] = org.click("broadcast.report", confirmId);
    expect(report && count(teamsBody(report), "Bezorgrapport")).toBe(1);
    expect(report && count(slackBlocks(report), "Bezorgrapport")).toBe(1);
  });

  it('shows "Vol" alone when nobody waits, and the waitlist only when someone does', () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 1 }]) });
    driver.gp("A").signUp("S1");
    const [full] = driver.gp("B").say("sessies");
    expect(full?.text).toContain("Vol");
    expect(full?.text).not.toContain("wachtlijst: 0");
    driver.gp("B").signUp("S1");
    expect(driver.gp("C").say("sessies")[0]?.text).toContain("Vol, wachtlijst: 1");
  });
});

describe("dates and poll bars", () => {
  it("gives a date its year only when it is not this year", () => {
    const sept2027 = Date.UTC(2027, 8, 15, 17, 30);
    const end = sept2027 + 2.5 * 3_600_000;
    expect(formatRange(sept2027, end, "Europe/Amsterdam", "nl", 2027)).toBe("wo 15 sep, 19:30–22:00");
    expect(formatRange(sept2027, end, "Europe/Amsterdam", "nl", 2026)).toBe("wo 15 sep 2027, 19:30–22:00");
    expect(viewContext("en", "Europe/Amsterdam", Date.UTC(2026, 11, 3)).dateTime(sept2027)).toBe(
      "Wed 15 Sep 2027, 19:30",
    );
  });

  const poll: Poll = {
    id: 1,
    status: "active",
    createdBy: null,
    question: "Komt u naar het congres?",
    kind: "single",
    options: ["Ja", "Nee"],
    anonymous: false,
    audience: { kind: "everyone" },
    startsAt: june2027,
    scheduleCron: null,
    openMs: 86_400_000,
    until: null,
    showRunning: false,
    shareResults: false,
  };
  const round: Round = { id: 1, pollId: 1, opensAt: june2027, closesAt: june2027 + 86_400_000, status: "open" };
  const view = viewContext("nl", "Europe/Amsterdam", june2027);

  it("asks the poll's question once", () => {
    const card = pollCard(poll, round, view);
    expect(count(teamsBody(card), poll.question)).toBe(1);
    expect(count(slackBlocks(card), poll.question)).toBe(1);
  });

  it("draws result bars without literal backticks, on every surface", () => {
    const results = { participants: 4, counts: [3, 1], byRole: [], byRegion: [] };
    const reply = resultsReply(poll, round, results, view, false);
    expect(JSON.stringify(reply.blocks)).toContain("█");
    expect(JSON.stringify(reply.blocks)).not.toContain("`");
    expect(count(teamsBody(reply), "Uitslag: Komt u")).toBe(1);
  });
});
