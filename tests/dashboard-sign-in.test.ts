import { afterEach, describe, expect, it } from "vitest";
import { cookiePolicy } from "../adapters/dashboard/cookies.js";
import { auditEntries } from "../src/domain/audit.js";
import { addOrganiser, removeOrganiser } from "../src/domain/organisers.js";
import { type DashboardSite, dashboardSite } from "./support/dashboard-site.js";

// Signing in without a password: a link from chat, once, for 10 minutes; a cookie for 8 hours; signing out.

let site: DashboardSite;
afterEach(() => site?.close());

const tokenOf = (link: string) => new URL(link).searchParams.get("t") ?? "";

describe("the dashboard's sign-in", () => {
  it("shows a button first, so a link preview in chat does not use the link up", async () => {
    site = await dashboardSite();
    const link = site.linkFor("org1");
    expect(link.startsWith(`${site.base}/dashboard/login?t=`)).toBe(true);
    const confirm = await site.get(new URL(link).pathname + new URL(link).search);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('action="/dashboard/login"');
    // Fetched twice (a preview, then the organiser): still good for the real click.
    await site.get(new URL(link).pathname + new URL(link).search);
    const res = await site.post("/dashboard/login", { t: tokenOf(link) });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/dashboard");
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^spreekuur_dashboard=[\w-]{43}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=28800$/);
    const api = await site.get("/dashboard/api/deliveries", cookie.split(";")[0]);
    expect(api.status).toBe(200);
    expect(auditEntries(site.driver.ctx.db).map((entry) => entry.action)).toEqual(
      expect.arrayContaining(["dashboard.link", "dashboard.sign_in"]),
    );
  });

  it("refuses a used, an expired, a forged and a no-longer-organiser's link with a page of its own", async () => {
    site = await dashboardSite();
    const used = tokenOf(site.linkFor("org1"));
    expect((await site.post("/dashboard/login", { t: used })).status).toBe(303);
    const again = await site.post("/dashboard/login", { t: used });
    expect(again.status).toBe(410);
    expect(again.headers.get("set-cookie")).toBeNull();
    const late = tokenOf(site.linkFor("org1"));
    site.driver.clock.advance(10 * 60_000 + 1);
    expect((await site.post("/dashboard/login", { t: late })).status).toBe(410);
    expect((await site.post("/dashboard/login", { t: "A".repeat(43) })).status).toBe(400);
    expect((await site.post("/dashboard/login", { t: "<script>" })).status).toBe(400);
    const { db, clock } = site.driver.ctx;
    site.driver.gp("org2").say("hallo");
    addOrganiser(db, { platform: "memory", userId: "org2" }, clock.now());
    const demoted = tokenOf(site.linkFor("org2"));
    removeOrganiser(db, { platform: "memory", userId: "org2" });
    const refused = await site.post("/dashboard/login", { t: demoted });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("set-cookie")).toBeNull();
    expect(auditEntries(db).map((entry) => entry.action)).toContain("dashboard.refused");
  });

  it("gives a plain member no link at all", async () => {
    site = await dashboardSite();
    const [reply] = site.driver.gp("gp1").say("dashboard");
    expect(reply?.text ?? "").not.toContain("/dashboard/login");
  });

  it("ends the session with uitloggen, only with the session's own token", async () => {
    site = await dashboardSite();
    const cookie = await site.signIn("org1");
    expect((await site.post("/dashboard/logout", { csrf: "B".repeat(43) }, cookie)).status).toBe(403);
    expect((await site.get("/dashboard/api/deliveries", cookie)).status).toBe(200);
    const page = await site.get("/dashboard/deliveries", cookie);
    const html = await page.text();
    const field = /<input[^>]*name="csrf"[^>]*>/.exec(html)?.[0] ?? "";
    const csrf = /value="([\w-]{43})"/.exec(field)?.[1] ?? "";
    const out = await site.post("/dashboard/logout", { csrf }, cookie);
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await site.get("/dashboard/api/deliveries", cookie)).status).toBe(401);
  });

  it("refuses forms posted from another site", async () => {
    site = await dashboardSite();
    const cookie = await site.signIn("org1");
    const token = tokenOf(site.linkFor("org1"));
    const foreign = { origin: "https://evil.example" };
    expect((await site.post("/dashboard/login", { t: token }, undefined, foreign)).status).toBe(403);
    expect((await site.post("/dashboard/deliveries/1/resend", { csrf: "x" }, cookie, foreign)).status).toBe(403);
    // The link was not spent by the refused attempt.
    expect((await site.post("/dashboard/login", { t: token })).status).toBe(303);
  });

  it("sends the strict headers on every answer, refusals included", async () => {
    site = await dashboardSite();
    for (const path of [
      "/dashboard",
      "/dashboard/login?t=x",
      "/dashboard/api/polls",
      "/dashboard/assets/dashboard.js",
    ]) {
      const res = await site.get(path);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("unsafe-inline");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
    }
  });

  it("makes the cookie Secure with the __Host- prefix behind HTTPS", () => {
    expect(cookiePolicy("https://spreekuur.example.nl")).toEqual({ name: "__Host-spreekuur_dashboard", secure: true });
    expect(cookiePolicy("http://localhost:3978")).toEqual({ name: "spreekuur_dashboard", secure: false });
  });
});
