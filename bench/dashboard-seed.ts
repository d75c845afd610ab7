// The dashboard bench's data: 100 sessions (60 leaders), 15,000 members signed up, 50,000 outbox rows over five
// broadcasts, 20 polls with votes and a survey campaign to everyone. Bulk INSERTs in one transaction: the bench
// measures reading, not how the data came.
import type { Db } from "../src/storage/db.js";

export const seedCounts = { sessions: 100, members: 15_000, outbox: 50_000, broadcasts: 5, polls: 20, leaders: 60 };
const day = 86_400_000;

export function seedDashboard(db: Db, now: number): void {
  const { sessions, members, outbox, broadcasts, polls, leaders } = seedCounts;
  db.transaction(() => {
    const member = db.prepare("INSERT INTO members (id, roster_name, role, created_at) VALUES (?, ?, ?, ?)");
    const identity = db.prepare(
      "INSERT INTO identities (member_id, platform, workspace, user_id, dm_conversation, created_at) VALUES (?, 'memory', ?, ?, ?, ?)",
    );
    for (let m = 1; m <= members; m++) {
      member.run(m, `Dokter ${m}`, m % 7 === 0 ? "aios" : m % 23 === 0 ? null : "huisarts", now - 90 * day);
      identity.run(m, m % 50 === 0 ? "T2" : "T1", `U${m}`, `dm-${m}`, now - 90 * day);
    }
    const session = db.prepare(
      `INSERT INTO sessions (id, title, starts_at, ends_at, venue, address, city, region, leader_name, capacity, audience,
         status, created_at, updated_at) VALUES (?, ?, ?, ?, 'Zaal', 'Straat 1', 'Utrecht', ?, 'Leider', ?, 'both', ?, 0, 0)`,
    );
    const leader = db.prepare("INSERT INTO session_leaders (session_id, member_id, linked_at) VALUES (?, ?, 0)");
    const report = db.prepare(
      "INSERT INTO session_reports (session_id, status, answers, format_version, updated_at) VALUES (?, ?, '{}', '1', 0)",
    );
    for (let s = 0; s < sessions; s++) {
      const startsAt = now + (s - 30) * day + 9 * 3_600_000;
      const region = ["Utrecht", "Overijssel", "Drenthe", "Zeeland"][s % 4] ?? "Utrecht";
      session.run(
        `S${s}`,
        `Denksessie ${s}`,
        startsAt,
        startsAt + 9_000_000,
        region,
        100 + (s % 5) * 25,
        s % 20 === 7 ? "cancelled" : "open",
      );
      leader.run(`S${s}`, (s % leaders) + 1);
      if (s < 30 && s % 3 !== 0) report.run(`S${s}`, s % 3 === 1 ? "submitted" : "draft");
    }
    const signup = db.prepare(
      "INSERT INTO signups (session_id, member_id, status, seq, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
    );
    const attendance = db.prepare(
      "INSERT INTO attendance (session_id, member_id, attended, marked_at) VALUES (?, ?, ?, ?)",
    );
    const seqs = new Map<number, number>();
    for (let m = 1; m <= members; m++) {
      const s = m % sessions;
      const seq = (seqs.get(s) ?? 0) + 1;
      seqs.set(s, seq);
      const status = m % 31 === 0 ? "cancelled" : seq <= 100 + (s % 5) * 25 ? "confirmed" : "waitlisted";
      const at = now - 60 * day + ((m * 7919) % (60 * day));
      signup.run(`S${s}`, m, status, seq, at, at);
      if (s < 30 && status === "confirmed" && m % 4 !== 0) attendance.run(`S${s}`, m, m % 9 === 0 ? 0 : 1, now);
    }
    const broadcast = db.prepare(
      `INSERT INTO broadcasts (id, status, text, audience, audience_arg, locale, created_at, queued_at)
       VALUES (?, 'queued', ?, 'region', 'Utrecht', 'nl', ?, ?)`,
    );
    for (let b = 1; b <= broadcasts; b++) {
      broadcast.run(
        b,
        `Bericht ${b}: de denksessies in Utrecht zijn bijna vol, meld u snel aan voor de laatste plaatsen.`,
        now - b * day,
        now - b * day,
      );
    }
    const row = db.prepare(
      `INSERT INTO outbox (dedupe_key, kind, platform, conversation, member_id, payload, status, not_before, failure,
         created_at, sent_at, broadcast_id, workspace) VALUES (?, 'broadcast', 'memory', ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (let i = 0; i < outbox; i++) {
      const b = (i % broadcasts) + 1;
      const m = (i % members) + 1;
      const r = (i * 37) % 100;
      const status = r < 80 ? "sent" : r < 86 ? "failed" : "pending";
      const failure =
        status === "failed"
          ? ["not_in_channel", "user_not_found", "HTTP 500"][r % 3]
          : r >= 97
            ? "paused: app_uninstalled"
            : null;
      row.run(
        `broadcast:${b}:${i}`,
        `dm-${m}`,
        m,
        status,
        now,
        failure,
        now - b * day,
        status === "sent" ? now : null,
        b,
        m % 50 === 0 ? "T2" : "T1",
      );
    }
    db.prepare(
      "INSERT INTO workspace_holds (platform, workspace, reason, since) VALUES ('memory', 'T2', 'app_uninstalled', ?)",
    ).run(now);
    const poll = db.prepare(
      `INSERT INTO polls (id, question, kind, options, anonymous, audience, starts_at, open_ms, show_running, status,
         created_at) VALUES (?, ?, 'single', '["Ja","Nee","Weet niet"]', ?, 'all', ?, ?, ?, ?, ?)`,
    );
    const round = db.prepare(
      "INSERT INTO poll_rounds (id, poll_id, opens_at, closes_at, status) VALUES (?, ?, ?, ?, ?)",
    );
    const participant = db.prepare("INSERT INTO poll_participants (round_id, member_id) VALUES (?, ?)");
    const tally = db.prepare("INSERT INTO poll_tallies (round_id, option, count) VALUES (?, ?, ?)");
    const named = db.prepare(
      "INSERT INTO poll_answers (round_id, member_id, choices, answered_at) VALUES (?, ?, ?, ?)",
    );
    for (let p = 1; p <= polls; p++) {
      const anonymous = p % 2;
      const open = p % 4 < 2;
      poll.run(
        p,
        `Vraag ${p}?`,
        anonymous,
        now - p * day,
        day,
        p % 3 === 0 ? 1 : 0,
        open ? "active" : "ended",
        now - p * day,
      );
      round.run(p, p, now - p * day, now + (open ? day : -day), open ? "open" : "closed");
      const voters = p === 20 ? 3 : 500;
      const counts = [0, 0, 0];
      for (let v = 1; v <= voters; v++) {
        const member = ((p * 997 + v) % members) + 1;
        participant.run(p, member);
        const choice = v % 3;
        counts[choice] = (counts[choice] ?? 0) + 1;
        if (!anonymous) named.run(p, member, `[${choice}]`, now);
      }
      if (anonymous) {
        counts.forEach((n, option) => {
          tally.run(p, option, n);
        });
      }
    }
    db.prepare(
      `INSERT INTO survey_campaigns (id, title, url, opens_at, closes_at, audience, max_reminders, status, created_at)
       VALUES (1, 'Werkdruk', 'https://example.org/s', ?, ?, 'all', 2, 'open', ?)`,
    ).run(now - 14 * day, now + 14 * day, now - 14 * day);
    const recipient = db.prepare(
      "INSERT INTO survey_recipients (campaign_id, member_id, state, reminders_sent, completed_at) VALUES (1, ?, ?, ?, ?)",
    );
    for (let m = 1; m <= members; m++) {
      const state = m % 5 < 2 ? "completed" : m % 20 === 3 ? "opted_out" : "invited";
      recipient.run(m, state, m % 3, state === "completed" ? now - 14 * day + ((m * 104729) % (14 * day)) : null);
    }
  }).immediate();
}
