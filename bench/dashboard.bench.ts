// The dashboard's data at national-campaign scale (100 sessions, 15,000 members, 50,000 outbox rows, 20 polls, a
// survey to everyone): each page's producer against the same queries run bare (prepared, .all(), no mapping) in
// the same run. Prints p50/p99 and the ratio; aim: ratio ≤ 1.5× and p99 ≤ 50 ms.
import { performance } from "node:perf_hooks";
import type { Statement } from "better-sqlite3";
import { ManualClock } from "../src/clock.js";
import { loadCoreConfig } from "../src/config/core-config.js";
import { broadcastGroupsSql, queuedBroadcastSql, recentBroadcastsSql } from "../src/domain/dashboard-deliveries.js";
import { optionCountsSql, pollRoundsSql } from "../src/domain/dashboard-polls.js";
import { ledReportRowsSql, reportRowsSql } from "../src/domain/dashboard-reports.js";
import {
  attendanceCountsSql,
  ledSessionFillsSql,
  ledSignupBucketsSql,
  roleCountsSql,
  sessionDetailSql,
  sessionFillsSql,
  signupBucketsSql,
} from "../src/domain/dashboard-sessions.js";
import { campaignCountsSql, completionBucketsSql } from "../src/domain/dashboard-surveys.js";
import { deliveryGroupsSql } from "../src/domain/delivery-report.js";
import { silentLogger } from "../src/log.js";
import type { CoreContext } from "../src/services/context.js";
import { broadcastProgressFor, deliveriesFor } from "../src/services/dashboard/deliveries.js";
import { overviewFor } from "../src/services/dashboard/overview.js";
import { pollsFor } from "../src/services/dashboard/polls.js";
import { reportsFor } from "../src/services/dashboard/reports.js";
import { sessionDetailFor } from "../src/services/dashboard/session-detail.js";
import { surveysFor } from "../src/services/dashboard/surveys.js";
import { openDatabase } from "../src/storage/db.js";
import { tempDatabasePath } from "../tests/support/driver.js";
import { type HttpRoute, measureHttp } from "./dashboard-http.js";
import { seedCounts, seedDashboard } from "./dashboard-seed.js";

const iterations = 200;
const now = Date.UTC(2027, 5, 1, 8, 0);
const config = loadCoreConfig({ DATABASE_PATH: tempDatabasePath() });
const ctx: CoreContext = {
  db: openDatabase(config.DATABASE_PATH),
  config,
  clock: new ManualClock(now),
  log: silentLogger,
};
const seeding = performance.now();
seedDashboard(ctx.db, now);
console.log(
  `seeded ${seedCounts.sessions} sessions, ${seedCounts.members} members, ${seedCounts.outbox} outbox rows, ` +
    `${seedCounts.polls} polls, 1 survey in ${(performance.now() - seeding).toFixed(0)} ms\n`,
);

const organiser = { memberId: 1, scope: "organiser" as const };
const leader = { memberId: 2, scope: "leader" as const };
// Prepared once, as the producers' statements are.
const prepared = new Map<string, Statement<unknown[], unknown>>();
const bare = (sql: string) => {
  let found = prepared.get(sql);
  if (!found) {
    found = ctx.db.prepare<unknown[], unknown>(sql);
    prepared.set(sql, found);
  }
  return found;
};
const shownRounds = JSON.stringify(
  pollsFor(ctx).polls.flatMap((p) => (p.round && !p.hidden ? [p.id] : [])), // seeded round ids equal poll ids
);
const broadcastIds = JSON.stringify(Array.from({ length: seedCounts.broadcasts }, (_, i) => seedCounts.broadcasts - i));

interface Route {
  route: string;
  /** The JSON API route that returns it, and who asks. */
  path: string;
  scope: "organiser" | "leader";
  run: () => unknown;
  bare: () => unknown;
}

const routes: Route[] = [
  {
    route: "overview (organiser)",
    path: "/dashboard/api/overview",
    scope: "organiser",
    run: () => overviewFor(ctx, organiser),
    bare: () => [bare(sessionFillsSql).all(), bare(signupBucketsSql).all()],
  },
  {
    route: "overview (leader)",
    path: "/dashboard/api/overview",
    scope: "leader",
    run: () => overviewFor(ctx, leader),
    bare: () => [bare(ledSessionFillsSql).all(2), bare(ledSignupBucketsSql).all(2)],
  },
  {
    route: "session detail (held)",
    path: "/dashboard/api/sessions/S10",
    scope: "organiser",
    run: () => sessionDetailFor(ctx, organiser, "S10"),
    bare: () => [
      bare(sessionDetailSql).all("S10"),
      bare(roleCountsSql).all("S10"),
      bare(attendanceCountsSql).all("S10"),
    ],
  },
  {
    route: "surveys",
    path: "/dashboard/api/surveys",
    scope: "organiser",
    run: () => surveysFor(ctx),
    bare: () => [bare(campaignCountsSql).all(), bare(completionBucketsSql).all()],
  },
  {
    route: "polls",
    path: "/dashboard/api/polls",
    scope: "organiser",
    run: () => pollsFor(ctx),
    bare: () => [bare(pollRoundsSql).all(100), bare(optionCountsSql).all({ ids: shownRounds })],
  },
  {
    route: "deliveries",
    path: "/dashboard/api/deliveries",
    scope: "organiser",
    run: () => deliveriesFor(ctx),
    bare: () => [bare(recentBroadcastsSql).all(50), bare(broadcastGroupsSql).all({ ids: broadcastIds })],
  },
  {
    route: "broadcast progress",
    path: "/dashboard/api/deliveries/1",
    scope: "organiser",
    run: () => broadcastProgressFor(ctx, 1),
    bare: () => [bare(queuedBroadcastSql).all(1), bare(deliveryGroupsSql).all(1)],
  },
  {
    route: "reports (organiser)",
    path: "/dashboard/api/reports",
    scope: "organiser",
    run: () => reportsFor(ctx, organiser),
    bare: () => bare(reportRowsSql).all(),
  },
  {
    route: "reports (leader)",
    path: "/dashboard/api/reports",
    scope: "leader",
    run: () => reportsFor(ctx, leader),
    bare: () => bare(ledReportRowsSql).all(2),
  },
];

const sorted = (times: number[]) => {
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
};

/** Both, interleaved (in turn first), so neither gets the warmer cache or the quieter moment. */
function measure(run: () => unknown, runBare: () => unknown) {
  for (let i = 0; i < 20; i++) [run(), runBare()];
  const own: number[] = [];
  const base: number[] = [];
  const time = (fn: () => unknown, into: number[]) => {
    const start = performance.now();
    fn();
    into.push(performance.now() - start);
  };
  for (let i = 0; i < iterations; i++) {
    if (i % 2) {
      time(run, own);
      time(runBare, base);
    } else {
      time(runBare, base);
      time(run, own);
    }
  }
  return { measured: sorted(own), baseline: sorted(base) };
}

const ms = (n: number) => `${n.toFixed(2)} ms`.padStart(10);
console.log(`${"route".padEnd(24)}${"p50".padStart(10)}${"p99".padStart(10)}${"bare p50".padStart(10)}  ratio`);
let over = 0;
const http: HttpRoute[] = [];
for (const { route, path, scope, run, bare: runBare } of routes) {
  const { measured, baseline } = measure(run, runBare);
  http.push({ route, path, scope, bare: runBare });
  const ratio = measured.p50 / baseline.p50;
  if (ratio > 1.5 || measured.p99 > 50) over++;
  console.log(`${route.padEnd(24)}${ms(measured.p50)}${ms(measured.p99)}${ms(baseline.p50)}  ${ratio.toFixed(2)}x`);
}
console.log(over ? `\n${over} route(s) over the aim (ratio ≤ 1.5×, p99 ≤ 50 ms)` : "\nevery route within the aim");
const people = { organiser: { memberId: 1, userId: "U1" }, leader: { memberId: 2 } };
const overHttp = await measureHttp(ctx, people, http, iterations, sorted);
console.log(overHttp ? `\n${overHttp} route(s) over the aim over HTTP` : "\nevery route within the aim over HTTP");
ctx.db.close();
