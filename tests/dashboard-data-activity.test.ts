import { afterEach, describe, expect, it } from "vitest";
import { insertDraft, markQueued } from "../src/domain/broadcasts.js";
import { addRecipient, countReminder, createCampaign, markCompleted, optOut } from "../src/domain/campaigns.js";
import { deliveryCounts } from "../src/domain/delivery-report.js";
import { ensureMember } from "../src/domain/members.js";
import { enqueueReturningId, holdForApp, markFailed, markSent } from "../src/domain/outbox.js";
import type { PollDraft } from "../src/domain/poll-input.js";
import { answer, closeRound, createPoll, openRound } from "../src/domain/polls.js";
import { holdWorkspace } from "../src/domain/workspace-holds.js";
import { broadcastProgressFor, deliveriesFor } from "../src/services/dashboard/deliveries.js";
import { pollsFor } from "../src/services/dashboard/polls.js";
import { surveysFor } from "../src/services/dashboard/surveys.js";
import { Driver, june2027 } from "./support/driver.js";

// The dashboard's surveys, polls and deliveries as data: counts in groups, anonymous results kept back, and a
// message waiting for the app never counted as failed.

let driver: Driver;
afterEach(() => driver?.close());

const day = 86_400_000;
const hour = 3_600_000;

function members(count: number, workspace = ""): number[] {
  return Array.from(
    { length: count },
    (_, i) => ensureMember(driver.ctx.db, "memory", `${workspace}M${i}`, june2027, `dm-${workspace}${i}`, workspace).id,
  );
}

describe("the dashboard's surveys", () => {
  it("counts invited, completed, opted out and reminders, and charts completions by Amsterdam day", () => {
    driver = new Driver();
    const { db } = driver.ctx;
    const draft = {
      title: "Werkdruk",
      url: "https://example.org/s",
      opensAt: june2027,
      closesAt: june2027 + 14 * day,
      audience: { kind: "everyone" as const },
      reminderCron: null,
      maxReminders: 2,
      personalLinks: false,
    };
    const campaign = createCampaign(db, draft, "cli", june2027);
    const older = createCampaign(db, { ...draft, title: "Oud", opensAt: june2027 - 30 * day }, "cli", june2027);
    const ids = members(6);
    for (const id of ids) addRecipient(db, campaign, id);
    addRecipient(db, older, ids[0] ?? 0);
    db.prepare("UPDATE survey_campaigns SET status = 'open' WHERE id = ?").run(campaign.id);
    // 23:30 on 1 June in Amsterdam is 21:30 UTC: still 1 June; 00:30 on 2 June is 22:30 UTC on 1 June.
    markCompleted(db, campaign.id, ids[0] ?? 0, Date.UTC(2027, 5, 1, 21, 30));
    markCompleted(db, campaign.id, ids[1] ?? 0, Date.UTC(2027, 5, 1, 22, 30));
    markCompleted(db, campaign.id, ids[2] ?? 0, Date.UTC(2027, 5, 3, 9, 0));
    optOut(db, campaign.id, ids[3] ?? 0);
    countReminder(db, campaign.id, ids[4] ?? 0);
    countReminder(db, campaign.id, ids[4] ?? 0);
    countReminder(db, campaign.id, ids[5] ?? 0);
    driver.clock.set(Date.UTC(2027, 5, 4, 8, 0));

    const [shown, old] = surveysFor(driver.ctx).campaigns;
    expect(shown).toMatchObject({ id: campaign.id, title: "Werkdruk", status: "open", invited: 6, completed: 3 });
    expect([shown?.optedOut, shown?.remindersSent]).toEqual([1, 3]);
    expect(shown?.responseOverTime).toEqual([
      { day: "2027-06-01", count: 1 },
      { day: "2027-06-02", count: 2 },
      { day: "2027-06-03", count: 3 },
      { day: "2027-06-04", count: 3 },
    ]);
    expect(old).toMatchObject({ title: "Oud", invited: 1, completed: 0, responseOverTime: [] });
  });
});

function pollDraft(anonymous: boolean, showRunning = false): PollDraft {
  return {
    question: anonymous ? "Anoniem?" : "Met naam?",
    kind: "single",
    options: ["Ja", "Nee", "Weet niet"],
    anonymous,
    audience: { kind: "everyone" },
    startsAt: june2027,
    scheduleCron: null,
    openMs: day,
    until: null,
    showRunning,
    shareResults: false,
  };
}

describe("the dashboard's polls", () => {
  it("keeps an anonymous poll's counts back until close, and when fewer than five answered", () => {
    driver = new Driver();
    const { db } = driver.ctx;
    const ids = members(6);
    const vote = (pollDraftValue: PollDraft, voters: number[], close: boolean) => {
      const poll = createPoll(db, pollDraftValue, "cli", june2027);
      const round = openRound(db, poll, june2027);
      voters.forEach((id, i) => {
        answer(db, round?.id ?? 0, id, [i % 2], june2027 + hour);
      });
      if (close) closeRound(db, round?.id ?? 0, june2027 + 2 * hour);
      return poll.id;
    };
    const hiddenUntilClose = vote(pollDraft(true), ids, false);
    const running = vote(pollDraft(true, true), ids, false);
    const fewRunning = vote(pollDraft(true, true), ids.slice(0, 4), false);
    const closed = vote(pollDraft(true), ids.slice(0, 5), true);
    const closedFew = vote(pollDraft(true), ids.slice(0, 4), true);
    const named = vote(pollDraft(false), ids.slice(0, 2), false);
    const unopened = createPoll(db, { ...pollDraft(true), startsAt: june2027 + day }, "cli", june2027).id;

    const polls = new Map(pollsFor(driver.ctx).polls.map((p) => [p.id, p]));
    const votes = (id: number) => polls.get(id)?.options.map((o) => o.votes);
    expect(polls.get(hiddenUntilClose)).toMatchObject({ hidden: "until_close", participants: 6, anonymous: true });
    expect(votes(hiddenUntilClose)).toEqual([undefined, undefined, undefined]);
    expect(polls.get(running)?.hidden).toBeUndefined();
    expect(votes(running)).toEqual([3, 3, 0]);
    expect(polls.get(fewRunning)?.hidden).toBe("small_group");
    expect(votes(fewRunning)).toEqual([undefined, undefined, undefined]);
    expect(polls.get(closed)).toMatchObject({ round: { open: false }, participants: 5 });
    expect(votes(closed)).toEqual([3, 2, 0]);
    expect(polls.get(closedFew)?.hidden).toBe("small_group");
    expect(polls.get(named)).toMatchObject({ anonymous: false, round: { open: true } });
    expect(votes(named)).toEqual([1, 1, 0]);
    expect(polls.get(unopened)).toMatchObject({ participants: 0 });
    expect(polls.get(unopened)?.round).toBeUndefined();
    expect(polls.get(named)?.options.map((o) => o.label)).toEqual(["Ja", "Nee", "Weet niet"]);
    // Newest first; nobody's id in it.
    expect([...polls.keys()][0]).toBe(unopened);
    expect(JSON.stringify(pollsFor(driver.ctx))).not.toMatch(/member/i);
  });
});

describe("the dashboard's deliveries", () => {
  function broadcast(text: string, queued = true): number {
    const id = insertDraft(
      driver.ctx.db,
      { createdBy: "cli", text, audience: { kind: "region", region: "Utrecht" }, urgent: false, locale: "nl" },
      june2027,
    );
    if (queued) markQueued(driver.ctx.db, id, june2027 + 60_000);
    return id;
  }

  function rows(broadcastId: number, ids: number[]): number[] {
    return ids.map((memberId) => {
      const row = enqueueReturningId(
        driver.ctx.db,
        {
          dedupeKey: `broadcast:${broadcastId}:${memberId}`,
          kind: "broadcast",
          to: { platform: "memory", conversation: `dm-${memberId}` },
          memberId,
          reply: { text: "x" },
          notBefore: june2027,
          broadcastId,
        },
        june2027,
      );
      if (row === undefined) throw new Error("not enqueued");
      return row;
    });
  }

  it("counts sent, pending, failed by reason and paused, never the paused as failed", () => {
    driver = new Driver();
    const { db } = driver.ctx;
    const long = "Beste collega's, de denksessie in Utrecht gaat door op dinsdag, met een extra zaal erbij.";
    const first = broadcast(long);
    const second = broadcast("Kort bericht");
    broadcast("Concept", false);
    const [a, b, c, d, e, f] = rows(first, members(6));
    markSent(db, a ?? 0, "m1", june2027);
    markSent(db, b ?? 0, "m2", june2027);
    markFailed(db, c ?? 0, "not_in_channel");
    markFailed(db, d ?? 0, "not_in_channel");
    markFailed(db, e ?? 0, "user_not_found");
    holdForApp(db, f ?? 0, "paused: app_uninstalled");
    // A held workspace: its rows wait for the app, whatever their failure says.
    const held = rows(second, members(2, "T9"));
    holdWorkspace(db, "memory", "T9", "app_uninstalled", june2027);
    markSent(db, held[0] ?? 0, "m3", june2027);

    const list = deliveriesFor(driver.ctx).broadcasts;
    expect(list.map((x) => x.id)).toEqual([second, first]);
    const shown = list[1];
    expect(shown).toMatchObject({ total: 6, sent: 2, pending: 0, failed: 3, paused: 1, done: false });
    expect(shown?.failures).toEqual([
      { reason: "not_in_channel", count: 2 },
      { reason: "user_not_found", count: 1 },
    ]);
    expect(shown).toMatchObject({ audience: "region:Utrecht", createdAt: june2027, queuedAt: june2027 + 60_000 });
    expect(shown?.preview).toBe("Beste collega's, de denksessie in Utrecht gaat door op…");
    expect(list[0]).toMatchObject({ preview: "Kort bericht", total: 2, sent: 1, paused: 1, failed: 0, pending: 0 });

    // The live view counts as the delivery report does, and as the list.
    for (const id of [first, second]) {
      const live = broadcastProgressFor(driver.ctx, id);
      expect(live).toEqual(list.find((x) => x.id === id));
      const report = deliveryCounts(db, id);
      expect([live?.sent, live?.failed, live?.paused, live?.total]).toEqual([
        report.sent,
        report.failed,
        report.paused,
        report.total,
      ]);
    }
    expect(broadcastProgressFor(driver.ctx, 999)).toBeUndefined();
  });

  it("is done when nothing waits any more", () => {
    driver = new Driver();
    const id = broadcast("Klaar");
    const [row] = rows(id, members(1));
    expect(broadcastProgressFor(driver.ctx, id)).toMatchObject({ pending: 1, done: false });
    markSent(driver.ctx.db, row ?? 0, "m1", june2027);
    expect(broadcastProgressFor(driver.ctx, id)).toMatchObject({ total: 1, sent: 1, pending: 0, done: true });
    expect(deliveriesFor(driver.ctx).broadcasts[0]?.done).toBe(true);
  });
});
