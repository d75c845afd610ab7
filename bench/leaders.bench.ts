// Session leaders at scale: 60 leaders, 300 sessions held, 20 attendees each, 300 reports of long answers.
// Each measurement is compared with a baseline doing the bare database work in the same run.
import { performance } from "node:perf_hooks";
import { ManualClock } from "../src/clock.js";
import { loadCoreConfig } from "../src/config/core-config.js";
import { linkLeader } from "../src/domain/leaders.js";
import { ensureMember, setProfile } from "../src/domain/members.js";
import { enqueue } from "../src/domain/outbox.js";
import { loadReportFormat } from "../src/domain/report-format.js";
import { saveDraft, submitReport } from "../src/domain/reports.js";
import { getSession, upsertSession } from "../src/domain/sessions.js";
import { signUp } from "../src/domain/signups.js";
import { silentLogger } from "../src/log.js";
import type { CoreContext } from "../src/services/context.js";
import { messageAttendees } from "../src/services/leader-messages.js";
import { exportReports } from "../src/services/report-export.js";
import { enqueueReportReminders } from "../src/services/report-reminders.js";
import { inTransaction, openDatabase } from "../src/storage/db.js";
import { tempDatabasePath } from "../tests/support/driver.js";

const sessions = 300;
const attendees = 20;
const start = Date.UTC(2025, 8, 1, 17, 30);
const now = Date.UTC(2025, 8, 22, 8, 0); // Monday; every session ended less than 21 days before

function setUp(): CoreContext {
  const config = loadCoreConfig({ DATABASE_PATH: tempDatabasePath() });
  const ctx: CoreContext = {
    db: openDatabase(config.DATABASE_PATH),
    config,
    clock: new ManualClock(start - 86_400_000),
    log: silentLogger,
  };
  const format = loadReportFormat(config.REPORT_FORMAT_PATH);
  const answer = "Een lang antwoord over de huisartsenzorg in de wijk.\n".repeat(50);
  inTransaction(ctx.db, () => {
    for (let i = 0; i < sessions; i++) {
      const id = `S${i}`;
      const startsAt = start + Math.floor(i / 15) * 86_400_000;
      upsertSession(
        ctx.db,
        {
          id,
          title: `Denksessie ${i}`,
          startsAt,
          endsAt: startsAt + 9_000_000,
          venue: "Zaal",
          address: "",
          city: "Utrecht",
          region: "Utrecht",
          leaderName: "Leider",
          capacity: attendees,
          audience: "both",
          signupDeadline: null,
          status: "open",
          notes: "",
        },
        0,
      );
      linkLeader(ctx.db, id, { platform: "memory", userId: `L${i % 60}` }, 0);
      for (let a = 0; a < attendees; a++) {
        const member = ensureMember(ctx.db, "memory", `G${i}-${a}`, 0);
        setProfile(ctx.db, member.id, `Dokter ${i}-${a}`, "huisarts");
        signUp(ctx.db, id, member.id, "huisarts", start - 86_400_000);
      }
      if (i % 2 === 0) {
        const answers: Record<string, string> = {};
        for (const task of format.coreTasks) for (const q of format.questions) answers[`${task.id}.${q.id}`] = answer;
        saveDraft(ctx.db, id, { answers, participants: 12 }, format.version, now);
        submitReport(ctx.db, id, now);
      }
    }
  });
  return ctx;
}

function time(fn: () => void, runs = 5): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
}

function report(name: string, ms: number, baselineMs: number): void {
  console.log(
    `${name.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms   baseline ${baselineMs.toFixed(1).padStart(8)} ms   ratio ${(ms / baselineMs).toFixed(2)}`,
  );
}

const ctx = setUp();
const format = loadReportFormat(ctx.config.REPORT_FORMAT_PATH);

// 1. A reminder tick (150 leaders' sessions owe a report): the first tick enqueues, later ticks of the day dedupe.
const firstTick = time(() => {
  enqueueReportReminders(ctx, now);
  ctx.db.prepare("DELETE FROM outbox").run();
});
const owing = enqueueReportReminders(ctx, now);
if (owing !== sessions / 2) throw new Error(`expected ${sessions / 2} reminders, got ${owing}`);
const repeatTick = time(() => enqueueReportReminders(ctx, now));
const bareEnqueue = time(() => {
  inTransaction(ctx.db, () => {
    for (let i = 0; i < sessions / 2; i++) {
      enqueue(
        ctx.db,
        {
          dedupeKey: `bare:${i}`,
          kind: "bare",
          to: { platform: "memory", conversation: "c" },
          reply: { text: "x" },
          notBefore: now,
        },
        now,
      );
    }
  });
  ctx.db.prepare("DELETE FROM outbox WHERE kind = 'bare'").run();
});
report("reminder tick, 150 owing (first of the day)", firstTick, bareEnqueue);
report("reminder tick, 150 owing (repeat, deduped)", repeatTick, bareEnqueue);

// 2. Exporting 150 reports of 12 long answers each, against reading and serialising the raw rows.
const exportJson = time(() => exportReports(ctx.db, format, ctx.config.BOT_TIMEZONE, "json"));
const exportCsv = time(() => exportReports(ctx.db, format, ctx.config.BOT_TIMEZONE, "csv"));
const rawRows = time(() => JSON.stringify(ctx.db.prepare("SELECT * FROM session_reports").all()));
report("reports export json (150 reports)", exportJson, rawRows);
report("reports export csv (150 reports)", exportCsv, rawRows);

// 3. A leader's message to a session's 20 attendees, against enqueueing 20 bare rows.
const session = getSession(ctx.db, "S299");
if (!session) throw new Error("no session S299");
let n = 0;
const message = time(() => void messageAttendees(ctx, session, "memory:L59", `Bericht ${n++}`, true, now), 20);
const bare20 = time(() => {
  inTransaction(ctx.db, () => {
    for (let i = 0; i < attendees; i++) {
      enqueue(
        ctx.db,
        {
          dedupeKey: `b20:${n}:${i}`,
          kind: "bare",
          to: { platform: "memory", conversation: "c" },
          reply: { text: "x" },
          notBefore: now,
        },
        now,
      );
    }
  });
  n++;
}, 20);
report("message to 20 attendees", message, bare20);

ctx.db.close();
