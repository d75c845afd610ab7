import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { insertDashboardLink } from "../../src/domain/dashboard-access.js";
import { ensureMember, setProfile } from "../../src/domain/members.js";
import { upsertSession } from "../../src/domain/sessions.js";
import { signUp } from "../../src/domain/signups.js";
import type { Db } from "../../src/storage/db.js";

// Helpers of the dashboard's browser test: example sign-ups over the last days, a session with a hostile title,
// a sign-in link that expired, and axe-core run in the page.

const require = createRequire(import.meta.url);
const day = 86_400_000;

export const hostileTitle = "Denksessie <script>alert(1)</script> Utrecht";
export const hostileId = "XSS-01";

/** A session in three days, hardly filled (flagged), and sign-ups spread over the last ten days. */
export function seedDashboard(db: Db, now: number): void {
  upsertSession(
    db,
    {
      id: hostileId,
      title: hostileTitle,
      startsAt: now + 3 * day,
      endsAt: now + 3 * day + 2 * 3600_000,
      venue: "Zaal <b>1</b>",
      address: "Mariaplaats 1",
      city: "Utrecht",
      region: "Utrecht",
      leaderName: "Anne de Vries",
      capacity: 10,
      audience: "both",
      signupDeadline: null,
      status: "open",
      notes: "",
    },
    now,
  );
  const sessions = ["DS27-03", "DS27-04", "DS27-05", "DS27-12", hostileId];
  for (let i = 0; i < 24; i++) {
    const member = ensureMember(db, "teams", `seed-gp-${i}`, now - 11 * day);
    const at = now - (10 - Math.floor(i / 2.5)) * day;
    const role = i % 3 === 0 ? "aios" : "huisarts";
    setProfile(db, member.id, `Dokter ${i}`, role);
    signUp(db, sessions[i % sessions.length] ?? hostileId, member.id, role, at);
  }
}

/** A link of this member that expired a minute ago (as if issued 11 minutes back); the token to open. */
export function expiredLink(db: Db, memberId: number, now: number): string {
  const token = randomBytes(32).toString("base64url");
  const tokenHash = createHash("sha256").update(token, "utf8").digest("hex");
  insertDashboardLink(db, { tokenHash, memberId, scope: "organiser", now: now - 11 * 60_000, expiresAt: now - 60_000 });
  return token;
}

const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Serious and critical accessibility violations on the page, as "rule: selector" lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's CSP (no inline script) does not apply to it.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<AxeResults> } }).axe;
    const results = await axe.run(document);
    return results.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target) }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${JSON.stringify(v.targets)}`);
}

interface AxeResults {
  violations: { id: string; impact?: string; nodes: { target: unknown }[] }[];
}
