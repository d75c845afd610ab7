import { insertDraft, markQueued } from "../../src/domain/broadcasts.js";
import { addRecipient, countReminder, createCampaign, markCompleted, optOut } from "../../src/domain/campaigns.js";
import { ensureMember } from "../../src/domain/members.js";
import { enqueueReturningId, markFailed, markSent } from "../../src/domain/outbox.js";
import type { PollDraft } from "../../src/domain/poll-input.js";
import { answer, createPoll, openRound } from "../../src/domain/polls.js";
import type { Db } from "../../src/storage/db.js";

// What the dashboard's surveys, polls and deliveries pages show in the browser test: a survey part answered, a
// poll with names and one anonymous (kept back until close), and a broadcast still sending: its rows go to the
// `memory` platform, which no dispatcher of the app serves, so they wait until the test marks them sent.

const day = 86_400_000;

export interface Activity {
  broadcastId: number;
  /** The outbox rows still pending; the test sends them to watch the page follow. */
  pendingRows: number[];
}

const pollDraft = (question: string, anonymous: boolean, now: number): PollDraft => ({
  question,
  kind: "single",
  options: ["Spoedzorg", "Palliatieve zorg", "Preventie"],
  anonymous,
  audience: { kind: "everyone" },
  startsAt: now - day,
  scheduleCron: null,
  openMs: 3 * day,
  until: null,
  showRunning: false,
  shareResults: false,
});

export function seedActivity(db: Db, now: number): Activity {
  const members = Array.from(
    { length: 8 },
    (_, i) => ensureMember(db, "memory", `activity-${i}`, now - 5 * day, `dm-activity-${i}`).id,
  );
  const campaign = createCampaign(
    db,
    {
      title: "Evaluatie <b>denksessies</b>",
      url: "https://enquete.example.nl/denksessies",
      opensAt: now - 4 * day,
      closesAt: now + 10 * day,
      audience: { kind: "everyone" },
      reminderCron: null,
      maxReminders: 2,
      personalLinks: false,
    },
    "cli",
    now - 5 * day,
  );
  for (const id of members) addRecipient(db, campaign, id);
  db.prepare("UPDATE survey_campaigns SET status = 'open' WHERE id = ?").run(campaign.id);
  members.slice(0, 5).forEach((id, i) => {
    markCompleted(db, campaign.id, id, now - (4 - i) * day);
  });
  optOut(db, campaign.id, members[6] ?? 0);
  countReminder(db, campaign.id, members[5] ?? 0);
  countReminder(db, campaign.id, members[7] ?? 0);

  for (const [question, anonymous] of [
    ["Welke kerntaak wilt u bespreken?", false],
    ["Anoniem: hoe zwaar is uw werkdruk?", true],
  ] as const) {
    const poll = createPoll(db, pollDraft(question, anonymous, now), "cli", now - day);
    const round = openRound(db, poll, now - day);
    members.forEach((id, i) => {
      answer(db, round?.id ?? 0, id, [i % 3 === 2 ? 2 : i % 2], now - day + 3600_000);
    });
  }

  const broadcastId = insertDraft(
    db,
    {
      createdBy: "cli",
      text: "De zaal is verhuisd naar de eerste verdieping.",
      audience: { kind: "everyone" },
      urgent: false,
      locale: "nl",
    },
    now - 3600_000,
  );
  markQueued(db, broadcastId, now - 3000_000);
  const rows = members.slice(0, 5).map((memberId) => {
    const row = enqueueReturningId(
      db,
      {
        dedupeKey: `broadcast:${broadcastId}:${memberId}`,
        kind: "broadcast",
        to: { platform: "memory", conversation: `dm-${memberId}` },
        memberId,
        reply: { text: "x" },
        notBefore: now - 3000_000,
        broadcastId,
      },
      now - 3000_000,
    );
    if (row === undefined) throw new Error("not enqueued");
    return row;
  });
  const [first, second, third, ...pending] = rows;
  markSent(db, first ?? 0, "m1", now - 2000_000);
  markSent(db, second ?? 0, "m2", now - 2000_000);
  markFailed(db, third ?? 0, "user_not_found");
  return { broadcastId, pendingRows: pending };
}

/** The pending rows go out, as a dispatcher would send them. */
export function sendRows(db: Db, rows: number[], now: number): void {
  rows.forEach((row, i) => {
    markSent(db, row, `m-live-${i}`, now);
  });
}
