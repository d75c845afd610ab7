import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { expect } from "vitest";
import { type App, startApp } from "../../adapters/app.js";
import { silentLogger } from "../../src/log.js";
import { testConfig } from "./app-config.js";
import { tempDatabasePath } from "./driver.js";

// The playground in Debian's Chromium, for the browser tests: one app with the example sessions, one page.

const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

export type Identity = "gp" | "gp2" | "organiser";

export interface Playground {
  app: App & { port: number };
  page: Page;
  close(): Promise<void>;
}

const chromiumPath = "/usr/bin/chromium";

/** Starts the bot with the playground on and nudges at any hour, and opens Chromium at this window size. */
export async function openPlayground(viewport: { width: number; height: number }): Promise<Playground> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`The browser tests need Debian's Chromium at ${chromiumPath}: apt-get install chromium`);
  }
  const config = testConfig({
    DATABASE_PATH: tempDatabasePath(),
    SEND_DAYS: "1-7",
    SEND_HOURS: "00:00-24:00",
    NUDGES_PER_WEEK: "50",
    PLAYGROUND: "on",
  });
  const app = await startApp({
    config,
    log: silentLogger,
    scheduler: false,
    drainEveryMs: 100,
    exampleSessions: "examples/sessions.csv",
  });
  const userData = mkdtempSync(join(tmpdir(), "spreekuur-chromium-"));
  let browser: BrowserContext | undefined;
  try {
    browser = await chromium.launchPersistentContext(userData, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      viewport,
      locale: "nl-NL",
    });
  } catch (error) {
    await app.stop();
    throw error;
  }
  const page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  return {
    app,
    page,
    async close() {
      await browser?.close();
      await app.stop();
      rmSync(userData, { recursive: true, force: true });
    },
  };
}

/** Types a message and answers the bot's reply to it (proactive messages may arrive in between). */
export async function say(page: Page, text: string): Promise<Locator> {
  const mine = page.locator("#messages li.me");
  const before = await mine.count();
  await page.fill("#text", text);
  await page.press("#text", "Enter");
  const id = await mine.nth(before).getAttribute("data-activity-id");
  const reply = page.locator(`#messages li.bot[data-reply-to="${id}"]`).first();
  await reply.waitFor();
  return reply;
}

/** Shows another identity, and waits until its conversation has been replayed. */
export async function become(page: Page, identity: Identity, conversation: string): Promise<void> {
  await page.click(`#identities [data-identity="${identity}"]`);
  await page.locator(`#messages[data-conversation="${conversation}"]`).waitFor();
}

/** The latest bot message holding this element. */
export const cardWith = (page: Page, inner: Locator): Locator =>
  page.locator("#messages li.bot").filter({ has: inner }).last();

/** Waits until one more element shows the text than before the step. */
export async function seeNew(page: Page, text: string | RegExp, step: () => Promise<unknown>): Promise<void> {
  const found = page.locator("#messages").getByText(text);
  const before = await found.count();
  await step();
  await expect.poll(() => found.count(), { timeout: 10_000 }).toBeGreaterThan(before);
}

/** Lists Amsterdam's sessions and signs up (the first time with name and role, in the card's form). */
export async function signUpForAmsterdam(
  page: Page,
  profile?: { name: string; role: string },
  button = "Aanmelden",
): Promise<Locator> {
  const card = await say(page, "sessies amsterdam");
  await card.getByText("Denksessie Amsterdam (voorbeeld)").first().waitFor();
  await card.getByRole("button", { name: button }).first().click();
  if (profile) {
    await card.getByLabel("Naam op de presentielijst").fill(profile.name);
    await card.locator("select").selectOption(profile.role);
    // A session that filled meanwhile says so in the form, whose button then reads "Op de wachtlijst".
    await card.getByRole("button", { name: button }).click();
  }
  return card;
}
