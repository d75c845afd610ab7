import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import * as pg from "./support/playground-browser.js";

// The playground on a phone (390 px wide, as an iPhone 14), in Debian's Chromium: the chat fills the screen, the
// traffic folds below it; a reload keeps the conversation; a badge tells which identity got a message meanwhile.
// The tests share one app and one page, in order.

const phone = { width: 390, height: 844 };

describe("the playground at phone width", () => {
  let playground: pg.Playground;
  let page: Page;

  beforeAll(async () => {
    playground = await pg.openPlayground(phone);
    page = playground.page;
  });

  afterAll(() => playground?.close());

  const messages = () => page.locator("#messages");
  const badge = (identity: pg.Identity) => page.locator(`#identities [data-identity="${identity}"] .badge`);

  /** Every card inside the screen, and everything in a card inside the card: nothing is cut off. */
  async function cardsFit(): Promise<string[]> {
    return page.locator("#messages .card").evaluateAll((cards) =>
      cards.flatMap((card) => {
        const box = card.getBoundingClientRect();
        const problems: string[] = [];
        if (box.left < 0 || box.right > window.innerWidth + 0.5) problems.push(`card ${box.left}–${box.right}`);
        for (const inner of Array.from(card.querySelectorAll("button, input, select, textarea, p, .ac-textBlock"))) {
          const r = inner.getBoundingClientRect();
          if (r.width === 0) continue;
          if (r.left < box.left - 0.5 || r.right > box.right + 0.5) {
            problems.push(`${inner.tagName} "${(inner.textContent ?? "").slice(0, 30)}" ${r.left}–${r.right}`);
          }
          if (inner.scrollWidth > inner.clientWidth + 1 && inner.tagName !== "SELECT") {
            problems.push(`${inner.tagName} "${(inner.textContent ?? "").slice(0, 30)}" cut inside`);
          }
        }
        return problems;
      }),
    );
  }

  it("keeps the input on screen, folds the traffic below the chat and shows cards whole", async () => {
    onTestFailed(() => page.screenshot({ path: "test-results/playground-phone-failed.png" }).then(() => undefined));
    await page.goto(`http://127.0.0.1:${playground.app.port}/`);
    await messages().getByText("Welkom bij Spreekuur").waitFor();
    await page.locator('#messages[data-conversation="pg-conv-pg-gp-1"]').waitFor();

    const card = await pg.signUpForAmsterdam(page, { name: "Dokter Jansen", role: "huisarts" });
    await card.getByText(/U bent aangemeld\. De dag ervoor/).waitFor();
    await pg.say(page, "sessies");
    await page.screenshot({ path: "test-results/playground-phone.png" });

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
    for (const selector of ["#text", "#composer button"]) {
      const box = await page.locator(selector).boundingBox();
      expect(box, selector).not.toBeNull();
      if (!box) continue;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, selector).toBeLessThanOrEqual(phone.width);
      expect(box.y + box.height, selector).toBeLessThanOrEqual(phone.height);
    }
    expect(await cardsFit()).toEqual([]);

    // The traffic panel starts folded, below the chat.
    const panel = page.locator("#traffic-panel");
    expect(await panel.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(false);
    const chat = await page.locator(".chat").boundingBox();
    const traffic = await page.locator(".traffic").boundingBox();
    expect(traffic && chat && traffic.y >= chat.y + chat.height).toBe(true);
  });

  it("shows the traffic as text, long entries folded", async () => {
    await page.locator("#traffic-panel > summary").click();
    const traffic = page.locator("#traffic");
    await expect.poll(() => traffic.locator("details").count()).toBeGreaterThan(0);
    // Folded: the full text is there, hidden until the entry is opened.
    const entry = traffic.locator("li > details", { hasText: "Denksessie Amsterdam (voorbeeld)" }).first();
    await expect(entry.locator(".full").isVisible()).resolves.toBe(false);
    await entry.locator("summary").click();
    await expect(entry.locator(".full").isVisible()).resolves.toBe(true);
    const all = await traffic.evaluate((list) => list.textContent ?? "");
    expect(all).toContain("Denksessie Amsterdam (voorbeeld)");
    expect(all).not.toContain("**");
    expect(all).not.toContain("`");
    await page.screenshot({ path: "test-results/playground-phone-traffic.png" });
    await page.locator("#traffic-panel > summary").click();
  });

  it("after a reload shows both sides of the conversation, and each card as it was last", async () => {
    await page.reload();
    await page.locator('#messages[data-conversation="pg-conv-pg-gp-1"]').waitFor();
    const mine = messages().locator("li.me");
    await expect(mine.allTextContents()).resolves.toEqual(["sessies amsterdam", "sessies"]);
    // The sign-up card was answered in place: it shows the sign-up, not the form it was before.
    const signedUp = messages().locator("li.bot", { hasText: /U bent aangemeld\. De dag ervoor/ });
    await expect(signedUp.count()).resolves.toBe(1);
    await expect(signedUp.getByLabel("Naam op de presentielijst").count()).resolves.toBe(0);
    // In order: each message before the bot's answer to it.
    const order = await messages()
      .locator("li")
      .evaluateAll((items) => items.map((li) => (li.className === "me" ? `me:${li.textContent}` : "bot")));
    expect(order.indexOf("me:sessies amsterdam")).toBeLessThan(order.lastIndexOf("bot"));
    expect(order.indexOf("me:sessies amsterdam")).toBeGreaterThan(order.indexOf("bot"));
    expect(await cardsFit()).toEqual([]);
  });

  it("puts a badge on an identity that got a message while another was shown, kept over a reload", async () => {
    onTestFailed(() => page.screenshot({ path: "test-results/playground-phone-failed.png" }).then(() => undefined));
    await pg.become(page, "gp2", "pg-conv-pg-gp-2");
    await messages().getByText("Welkom bij Spreekuur").waitFor();
    await pg.become(page, "organiser", "pg-conv-pg-organiser");
    await expect(badge("gp").isVisible()).resolves.toBe(false);

    const form = await pg.say(page, "bericht versturen");
    await form.getByLabel("Bericht").fill("De zaal in Amsterdam is verhuisd naar de eerste verdieping.");
    await form.locator("select").first().selectOption("everyone");
    await pg.seeNew(page, /Het gaat naar \d+ ontvangers/, () =>
      form.getByRole("button", { name: "Versturen", exact: true }).click(),
    );
    expect(await cardsFit()).toEqual([]);
    await pg.seeNew(page, /staat klaar voor \d+ ontvangers/, () =>
      pg
        .cardWith(page, page.getByText(/Het gaat naar \d+ ontvangers/))
        .getByRole("button", { name: "Versturen", exact: true })
        .click(),
    );
    await expect.poll(() => badge("gp").textContent()).toBe("1");
    await expect.poll(() => badge("gp2").textContent()).toBe("1");
    await expect(badge("organiser").isVisible()).resolves.toBe(false);
    await page.screenshot({ path: "test-results/playground-phone-badge.png" });

    await page.reload();
    await page.locator('#messages[data-conversation="pg-conv-pg-organiser"]').waitFor();
    await expect(badge("gp").textContent()).resolves.toBe("1");
    await pg.become(page, "gp", "pg-conv-pg-gp-1");
    await messages().getByText("De zaal in Amsterdam is verhuisd naar de eerste verdieping.").waitFor();
    await expect(badge("gp").isVisible()).resolves.toBe(false);
    await expect(badge("gp2").isVisible()).resolves.toBe(true);
  });

  it("sends each identity's language with its activities, as Teams sends the client's", async () => {
    await page.selectOption("#locale", "en-GB");
    const sent = page.waitForRequest((r) => r.url().endsWith("/api/messages") && r.method() === "POST");
    await pg.say(page, "help");
    expect((await sent).postDataJSON()).toMatchObject({ locale: "en-GB", from: { id: "pg-gp-1" } });
    await pg.become(page, "gp2", "pg-conv-pg-gp-2");
    await expect(page.inputValue("#locale")).resolves.toBe("nl-NL");
    const other = page.waitForRequest((r) => r.url().endsWith("/api/messages") && r.method() === "POST");
    await pg.say(page, "help");
    expect((await other).postDataJSON()).toMatchObject({ locale: "nl-NL", from: { id: "pg-gp-2" } });
    await pg.become(page, "gp", "pg-conv-pg-gp-1");
    await expect(page.inputValue("#locale")).resolves.toBe("en-GB");
    await page.reload();
    await page.locator('#messages[data-conversation="pg-conv-pg-gp-1"]').waitFor();
    await expect(page.inputValue("#locale")).resolves.toBe("en-GB");
  });
});
