import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dashboardRoutes } from "../adapters/dashboard/mount.js";
import { createConsultation } from "../src/domain/consultations.js";
import { insertDashboardSession } from "../src/domain/dashboard-access.js";
import { findMember } from "../src/domain/members.js";
import { addOrganiser, removeOrganiser } from "../src/domain/organisers.js";
import { type DashboardSite, dashboardSite } from "./support/dashboard-site.js";

// Every dashboard route, walked by people who may not see it: nobody, a forged cookie, a plain member holding a
// session (as if stolen or left over), an organiser whose role was taken away, and a leader outside their own.
// None of them gets a byte of data: a session title, a city, a count.

const guarded = dashboardRoutes.filter((route) => route.who !== "anyone");
const pathOf = (pattern: string, sessionId = "S2") =>
  pattern.replace(":id", /deliveries|consultations/.test(pattern) ? "1" : sessionId);
// What only the organisers may see: the sessions S2 and S3 (a leader of S1 sees S1, and Denksessie in its title).
const dataMarkers = ["Zwolle", "Overijssel", "Breda", "Noord-Brabant", "S2"];
const memberMarkers = ["Denksessie", "Utrecht", ...dataMarkers];

describe("a non-organiser reaches no dashboard data by any route", () => {
  let site: DashboardSite;
  let memberCookie: string;
  let demotedCookie: string;
  let leaderCookie: string;

  beforeAll(async () => {
    site = await dashboardSite();
    const { db, clock } = site.driver.ctx;
    // A consultation round (number 1) whose title is organisers' data too.
    createConsultation(
      db,
      {
        title: "Kaders Zwolle",
        tasks: [{ taskId: "mgz", label: { nl: "Zorg", en: "Care" }, draftUrl: "https://x.nl/a", questions: [] }],
        audience: "all",
        opensAt: clock.now(),
        closesAt: clock.now() + 3600_000,
        anonymous: true,
      },
      "cli",
      clock.now(),
    );
    // A plain member with a session row of their own: the role check refuses it on every request.
    const value = randomBytes(32).toString("base64url");
    const member = findMember(db, "memory", "gp1");
    if (!member) throw new Error("gp1 not stored");
    insertDashboardSession(db, {
      idHash: createHash("sha256").update(value).digest("hex"),
      memberId: member.id,
      scope: "organiser",
      csrf: "x".repeat(43),
      now: clock.now(),
      expiresAt: clock.now() + 3600_000,
    });
    memberCookie = `spreekuur_dashboard=${value}`;
    site.driver.gp("org2").say("hallo");
    addOrganiser(db, { platform: "memory", userId: "org2" }, clock.now());
    demotedCookie = await site.signIn("org2");
    removeOrganiser(db, { platform: "memory", userId: "org2" });
    leaderCookie = await site.signIn("L1");
  });
  afterAll(() => site?.close());

  const request = (route: (typeof guarded)[number], cookie?: string) =>
    route.method === "GET"
      ? site.get(pathOf(route.path), cookie)
      : site.post(pathOf(route.path), { csrf: "x".repeat(43) }, cookie);

  it("walks the guarded routes, and there are all of them", () => {
    // The pages, their API twins, downloads (the consultation rounds' too), the live stream and the resend form.
    expect(guarded.length).toBeGreaterThanOrEqual(21);
    for (const path of [
      "/dashboard/consultations",
      "/dashboard/api/consultations",
      "/dashboard/consultations/:id/export.csv",
      "/dashboard/consultations/:id/export.json",
    ]) {
      expect(guarded.find((route) => route.path === path)?.who).toBe("organiser");
    }
  });

  const visitors: [string, () => string | undefined][] = [
    ["without a cookie", () => undefined],
    ["with a forged cookie", () => `spreekuur_dashboard=${randomBytes(32).toString("base64url")}`],
    ["with a plain member's session", () => memberCookie],
    ["with the session of an organiser no longer one", () => demotedCookie],
  ];
  for (const [who, cookie] of visitors) {
    it(`refuses every guarded route ${who}`, async () => {
      for (const route of guarded) {
        const res = await request(route, cookie());
        const body = await res.text();
        expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
          route: `${route.method} ${route.path}`,
          status: 401,
        });
        for (const marker of memberMarkers) expect(body).not.toContain(marker);
        expect(res.headers.get("set-cookie")).toBeNull();
      }
    });
  }

  it("gives a leader none of the organisers' routes and nothing of a session they do not lead", async () => {
    for (const route of guarded) {
      const res = await request(route, leaderCookie);
      const body = await res.text();
      const expected = route.who === "organiser" ? 403 : route.path.includes(":id") ? 404 : 200;
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: expected,
      });
      for (const marker of dataMarkers) expect(body).not.toContain(marker);
    }
  });

  it("answers the API with JSON errors and the pages with a notice, never a stack or a 500", async () => {
    const api = await site.get("/dashboard/api/overview");
    expect(api.status).toBe(401);
    expect(await api.json()).toEqual({ error: "no_session" });
    const page = await site.get("/dashboard/polls");
    expect(page.status).toBe(401);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect((await site.get("/dashboard/sessions/%E0%A4%A")).status).toBe(400);
    expect((await site.get("/dashboard/nothing-here")).status).toBe(404);
    expect((await site.post("/dashboard/login", { t: "x" }, undefined, { "content-type": "text/plain" })).status).toBe(
      400,
    );
    // A post that is no form of ours: the notice in the visitor's language.
    const notForm = await site.post("/dashboard/login", { t: "x" }, undefined, {
      "content-type": "text/plain",
      "accept-language": "en-GB,en;q=0.9",
    });
    expect(await notForm.text()).toContain("That did not work");
  });
});
