import { afterEach, describe, expect, it } from "vitest";
import { broadcastGroupsSql } from "../src/domain/dashboard-deliveries.js";
import { optionCountsSql, pollRoundsSql } from "../src/domain/dashboard-polls.js";
import { ledReportRowsSql } from "../src/domain/dashboard-reports.js";
import {
  attendanceCountsSql,
  ledSessionFillsSql,
  ledSignupBucketsSql,
  roleCountsSql,
  sessionDetailSql,
  sessionFillsSql,
} from "../src/domain/dashboard-sessions.js";
import { completionBucketsSql } from "../src/domain/dashboard-surveys.js";
import { Driver } from "./support/driver.js";

// The dashboard's queries run on the indexes: counts per session from the kept counts, a broadcast's rows from
// the outbox's broadcast index, completions from their partial index. None reads a large table whole, except the
// sign-ups chart of everything (which needs every active sign-up) and the campaigns' grouped pass.

let driver: Driver;
afterEach(() => driver?.close());

function plan(sql: string, ...params: unknown[]): string {
  return driver.ctx.db
    .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...params)
    .map((row) => row.detail)
    .join("\n");
}

describe("the dashboard's queries", () => {
  it("count from the indexes, never by reading the outbox, the sign-ups or the answers whole", () => {
    driver = new Driver();
    const ids = { ids: "[1,2]" };
    const plans = {
      broadcastGroups: plan(broadcastGroupsSql, ids),
      sessionFills: plan(sessionFillsSql),
      ledSessionFills: plan(ledSessionFillsSql, 1),
      ledSignupBuckets: plan(ledSignupBucketsSql, 1),
      sessionDetail: plan(sessionDetailSql, "S1"),
      roleCounts: plan(roleCountsSql, "S1"),
      attendanceCounts: plan(attendanceCountsSql, "S1"),
      pollRounds: plan(pollRoundsSql, 100),
      optionCounts: plan(optionCountsSql, ids),
      ledReports: plan(ledReportRowsSql, 1),
      completions: plan(completionBucketsSql),
    };
    expect(plans.broadcastGroups).toContain("USING COVERING INDEX outbox_by_broadcast (broadcast_id=? AND status=?)");
    expect(plans.broadcastGroups).toContain("USING INDEX outbox_by_broadcast (broadcast_id=? AND status=?)");
    // The kept counts (migration 017), one key lookup a session; no sign-up is counted.
    for (const counted of [plans.sessionFills, plans.ledSessionFills, plans.sessionDetail]) {
      expect(counted).toContain("SEARCH c USING PRIMARY KEY (session_id=?)");
      expect(counted).not.toContain("signups");
    }
    expect(plans.ledSignupBuckets).toContain("session_leaders_by_member");
    expect(plans.roleCounts).toContain("signups_by_session (session_id=? AND status=?)");
    expect(plans.attendanceCounts).toContain("signups_by_session (session_id=? AND status=?)");
    expect(plans.pollRounds).toContain("SEARCH pp USING PRIMARY KEY (round_id=?)");
    expect(plans.optionCounts).toContain("SEARCH a USING PRIMARY KEY (round_id=?)");
    expect(plans.ledReports).toContain("session_leaders_by_member");
    expect(plans.completions).toContain("survey_recipients_completed");
    const scans = Object.entries(plans).flatMap(([name, text]) =>
      /SCAN (outbox|o|signups|g|poll_answers|a|poll_participants|pp)\b(?! USING)/.test(text) ? [name] : [],
    );
    expect(scans).toEqual([]);
  });
});
