// Polls: what an answer costs against a bare one-row write transaction on the same file, and what opening a
// round for a large audience costs (a card per member into the outbox). Prints ratios to the baseline.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock } from "../src/clock.js";
import { loadCoreConfig } from "../src/config/core-config.js";
import { ensureMember } from "../src/domain/members.js";
import { validatePoll } from "../src/domain/poll-input.js";
import { answer, createPoll } from "../src/domain/polls.js";
import { silentLogger } from "../src/log.js";
import { startRound } from "../src/services/poll-service.js";
import { openDatabase } from "../src/storage/db.js";

const members = 2000;
const now = Date.UTC(2027, 5, 1, 8);
const path = join(mkdtempSync(join(tmpdir(), "spreekuur-bench-")), "bench.db");
const config = loadCoreConfig({ DATABASE_PATH: path });
const ctx = { db: openDatabase(path), config, clock: new ManualClock(now), log: silentLogger };
for (let i = 1; i <= members; i++) ensureMember(ctx.db, "memory", `M${i}`, now, `dm-${i}`);

function time(label: string, fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`${label.padEnd(48)} ${ms.toFixed(1).padStart(8)} ms`);
  return ms;
}

ctx.db.exec("CREATE TABLE baseline (round_id INTEGER, member_id INTEGER, PRIMARY KEY (round_id, member_id))");
const insert = ctx.db.prepare("INSERT INTO baseline VALUES (1, ?)");
const baseline = time(`baseline: ${members} one-row write transactions`, () => {
  for (let i = 1; i <= members; i++) ctx.db.transaction(() => insert.run(i)).immediate();
});

function poll(anonymous: string) {
  const draft = validatePoll({ question: "Q", options: "A|B|C", anonymous, open_hours: "24" }, "Europe/Amsterdam", now);
  if (!draft.ok) throw new Error("draft");
  return createPoll(ctx.db, draft.value, "bench", now);
}

const anonymousPoll = poll("yes");
let anonymousRound = 0;
const open = time(`open a round: ${members} cards into the outbox`, () => {
  anonymousRound = startRound(ctx, anonymousPoll, now, now)?.id ?? 0;
});
const anonymous = time(`answer: ${members} anonymous answers`, () => {
  for (let i = 1; i <= members; i++) answer(ctx.db, anonymousRound, i, [i % 3], now);
});
const namedRound = startRound(ctx, poll("no"), now, now)?.id ?? 0;
const named = time(`answer: ${members} named answers`, () => {
  for (let i = 1; i <= members; i++) answer(ctx.db, namedRound, i, [i % 3], now);
});

console.log(`\nratios to the baseline (same run, same file):`);
console.log(`  anonymous answer ${(anonymous / baseline).toFixed(2)}x, named answer ${(named / baseline).toFixed(2)}x`);
console.log(`  opening a round for ${members} members: ${(open / baseline).toFixed(2)}x the baseline`);
ctx.db.close();
