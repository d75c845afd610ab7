import { mkdirSync } from "node:fs";
import type { BrowserContext, Page, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import type { App } from "../adapters/app.js";
import { playgroundOrganiser } from "../adapters/playground/mount.js";
import { findMember } from "../src/domain/members.js";
import { type Activity, seedActivity, sendRows } from "./support/dashboard-activity.js";
import { expiredLink, hostileId, hostileTitle, seedDashboard, seriousViolations } from "./support/dashboard-browser.js";
import { openPlayground, type Playground } from "./support/playground-browser.js";

// The organisers' dashboard in Debian's Chromium: the playground's organiser types `dashboard`, opens the link from
// the reply, presses "Inloggen", and walks every page under the strict CSP; axe-core checks each page. Screenshots
// of the overview go to docs/ with SCREENSHOTS=1 (else test-results/). The tests share one browser, in order.

const pages = [
  { path: "/dashboard", h1: "Overzicht van de denksessies" },
  { path: `/dashboard/sessions/${hostileId}`, h1: hostileTitle },
  { path: "/dashboard/surveys", h1: "Enquêtes" },
  { path: "/dashboard/polls", h1: "Peilingen" },
  { path: "/dashboard/deliveries", h1: "Berichten" },
  { path: "/dashboard/reports", h1: "Verslagen" },
];

describe("the dashboard in a real browser", () => {
  let app: App & { port: number };
  let browser: BrowserContext;
  let chat: Page;
  let page: Page;
  let base = "";
  let firstLink = "";
  let activity: Activity;
  const cspErrors: string[] = [];
  const dialogs: string[] = [];
  let playground: Playground;

  beforeAll(async () => {
    // The playground's own app and browser: the sign-in link is got in its chat.
    playground = await openPlayground({ width: 1280, height: 900 });
    app = playground.app;
    chat = playground.page;
    browser = chat.context();
    seedDashboard(app.db, Date.now());
    activity = seedActivity(app.db, Date.now());
  });

  /** The dashboard's tab: CSP reports in its console and any dialog (a script that ran) are collected. */
  function watch(tab: Page): Page {
    tab.setDefaultTimeout(10_000);
    tab.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
    });
    tab.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    return tab;
  }

  afterAll(() => playground?.close());

  const csp = (response: Response | null) => response?.headers()["content-security-policy"] ?? "";

  /** Types `dashboard` as the playground's organiser and presses the reply's "Open dashboard": the new tab. */
  async function openFromChat(): Promise<Page> {
    await chat.goto(`http://127.0.0.1:${app.port}/`);
    await chat.locator("#messages").getByText("Welkom bij Spreekuur").waitFor();
    await chat.click('#identities [data-identity="organiser"]');
    await chat.locator('#messages[data-conversation="pg-conv-pg-organiser"]').waitFor();
    const links = chat.locator("#messages li.bot").getByRole("link", { name: "Open dashboard" });
    const before = await links.count();
    await chat.fill("#text", "dashboard");
    await chat.press("#text", "Enter");
    await expect.poll(() => links.count()).toBeGreaterThan(before);
    // The card's button opens the link in a new tab, as Teams does.
    const [tab] = await Promise.all([browser.waitForEvent("page"), links.last().click()]);
    await tab.waitForLoadState();
    return tab;
  }

  it("signs in through the link got in chat, with one press of a button", async () => {
    onTestFailed(() => chat.screenshot({ path: "test-results/dashboard-chat-failed.png" }).then(() => undefined));
    page = watch(await openFromChat());
    firstLink = page.url();
    expect(firstLink).toMatch(/^http:\/\/[^/]+\/dashboard\/login\?t=[\w-]{43}$/);
    base = new URL(firstLink).origin;
    // Opening the link only shows the button: a chat client fetching it for a preview cannot spend it.
    const confirm = await page.goto(firstLink);
    expect(confirm?.status()).toBe(200);
    expect(csp(confirm)).toContain("script-src 'self'");
    await page.getByRole("heading", { name: "Inloggen op het dashboard" }).waitFor();
    await Promise.all([page.waitForURL(`${base}/dashboard`), page.getByRole("button", { name: "Inloggen" }).click()]);
    await page.getByRole("heading", { level: 1, name: "Overzicht van de denksessies" }).waitFor();
    const cookies = await browser.cookies(base);
    expect(cookies.find((c) => c.name === "spreekuur_dashboard")).toMatchObject({ httpOnly: true, sameSite: "Strict" });
  });

  it("shows every page under the CSP, draws the charts, and axe finds nothing serious", async () => {
    onTestFailed(() => page.screenshot({ path: "test-results/dashboard-failed.png" }).then(() => undefined));
    for (const { path, h1 } of pages) {
      const response = await page.goto(`${base}${path}`);
      expect(response?.status(), path).toBe(200);
      expect(csp(response), path).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
          "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      );
      await expect.poll(() => page.locator("h1").textContent(), { message: path }).toBe(h1);
      // Nav: the organiser sees all six pages and a sign-out button.
      await expect(page.locator("nav a").count()).resolves.toBe(6);
      await page.getByRole("button", { name: "Uitloggen" }).waitFor();
      await page.waitForLoadState("load");
      expect(await seriousViolations(page), path).toEqual([]);
      const name = path.split("/")[2] ?? "overview";
      await page.screenshot({ path: `test-results/dashboard-${name}.png`, fullPage: true });
    }
    expect(cspErrors).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it("shows a title holding <script> as text, and flags the session that needs attention", async () => {
    await page.goto(`${base}/dashboard`);
    const link = page.getByRole("link", { name: hostileTitle });
    await expect(link.getAttribute("href")).resolves.toBe(`/dashboard/sessions/${hostileId}`);
    await expect(page.locator("tr.attention .flag").first().textContent()).resolves.toBe("Aandacht nodig");
    // Chart.js (served by the bot) drew the sign-ups on the canvas; the table next to it holds the same numbers.
    const canvas = page.locator("canvas[data-chart]").first();
    const drawn = () =>
      canvas.evaluate((c) => {
        const chart = (window as unknown as { Chart?: { getChart(c: Element): unknown } }).Chart;
        return chart?.getChart(c) !== undefined;
      });
    await expect.poll(drawn).toBe(true);
    await expect(page.locator(".chart table tbody tr").count()).resolves.toBeGreaterThan(0);
    await link.click();
    await expect(page.locator("h1").textContent()).resolves.toBe(hostileTitle);
    await expect(page.locator("main script").count()).resolves.toBe(0);
    expect(dialogs).toEqual([]);
  });

  it("draws the survey and poll charts, keeps an anonymous poll back, and follows a broadcast while it sends", async () => {
    await page.goto(`${base}/dashboard/surveys`);
    await expect(page.locator("h2").first().textContent()).resolves.toBe("Evaluatie <b>denksessies</b>");
    await expect.poll(() => page.locator("canvas[data-chart]").count()).toBe(1);
    await page.goto(`${base}/dashboard/polls`);
    await page.getByText("Verborgen tot sluiting").waitFor();
    await expect(page.locator("canvas[data-chart]").count()).resolves.toBe(1);

    await page.goto(`${base}/dashboard/deliveries`);
    const card = page.locator(`[data-broadcast="${activity.broadcastId}"]`);
    const field = (name: string) => card.locator(`[data-field="${name}"]`);
    await expect(card.getAttribute("data-events")).resolves.toBe(
      `/dashboard/api/deliveries/${activity.broadcastId}/events`,
    );
    await expect(field("sent").textContent()).resolves.toBe("2");
    await expect(field("state").textContent()).resolves.toBe("Wordt verstuurd");
    sendRows(app.db, activity.pendingRows, Date.now());
    // The event stream brings the new counts without a reload, then says it is done.
    await expect.poll(() => field("sent").textContent(), { timeout: 10_000 }).toBe("4");
    await expect.poll(() => field("state").textContent(), { timeout: 10_000 }).toBe("Klaar");
    await expect(field("pending").textContent()).resolves.toBe("0");
    await expect(card.locator("progress").evaluate((p: HTMLProgressElement) => p.value)).resolves.toBe(5);
    // "Resend to failed" posts the session's CSRF token and comes back to the page, the failed row pending again.
    await Promise.all([
      page.waitForURL(`${base}/dashboard/deliveries`),
      card.getByRole("button", { name: "Opnieuw versturen naar mislukte" }).click(),
    ]);
    await expect(card.locator('[data-field="pending"]').textContent()).resolves.toBe("1");
  });

  it("screenshots the overview at desktop and phone width", async () => {
    const folder = process.env.SCREENSHOTS === "1" ? "docs" : "test-results";
    mkdirSync(folder, { recursive: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/dashboard`);
    await page.waitForLoadState("load");
    await page.screenshot({ path: `${folder}/dashboard-desktop.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.waitForLoadState("load");
    // Nothing wider than the phone but the tables' own scrolling wrappers.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${folder}/dashboard-phone.png` });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("refuses a used link and an expired one, signs out, and refuses a forged cookie", async () => {
    onTestFailed(() => page.screenshot({ path: "test-results/dashboard-refusals-failed.png" }).then(() => undefined));
    // The link is spent: pressing its button again says so.
    await page.goto(firstLink);
    await page.getByRole("button", { name: "Inloggen" }).click();
    await page.getByRole("heading", { name: "Deze link is al gebruikt" }).waitFor();

    const organiser = findMember(app.db, "teams", playgroundOrganiser.slice("teams:".length));
    expect(organiser).toBeDefined();
    await page.goto(`${base}/dashboard/login?t=${expiredLink(app.db, organiser?.id ?? 0, Date.now())}`);
    const [expired] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${base}/dashboard/login` && r.request().method() === "POST"),
      page.getByRole("button", { name: "Inloggen" }).click(),
    ]);
    expect(expired.status()).toBe(410);
    await page.getByRole("heading", { name: "Deze link is verlopen" }).waitFor();
    await expect(page.locator("main").textContent()).resolves.toContain("10 minuten");

    // Still signed in from the first link; signing out ends it.
    await page.goto(`${base}/dashboard`);
    await page.getByRole("button", { name: "Uitloggen" }).click();
    await page.getByRole("heading", { name: "U bent uitgelogd" }).waitFor();
    const after = await page.goto(`${base}/dashboard`);
    expect(after?.status()).toBe(401);

    // A cookie the bot never gave: the sign-in notice, no data, on the pages and the JSON alike.
    await browser.addCookies([
      { name: "spreekuur_dashboard", value: "A".repeat(43), url: base, httpOnly: true, sameSite: "Strict" },
    ]);
    const forged = await page.goto(`${base}/dashboard`);
    expect(forged?.status()).toBe(401);
    expect(csp(forged)).toContain("default-src 'none'");
    await page.getByRole("heading", { name: "Log eerst in" }).waitFor();
    await expect(page.locator("table, nav").count()).resolves.toBe(0);
    const api = await page.goto(`${base}/dashboard/api/overview`);
    expect(api?.status()).toBe(401);
    expect(await api?.text()).not.toContain("Denksessie");
  });
});
