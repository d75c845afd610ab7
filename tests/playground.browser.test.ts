import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, startApp } from "../adapters/app.js";
import { loadCoreConfig } from "../src/config.js";
import { silentLogger } from "../src/log.js";
import { tempDatabasePath } from "./support/driver.js";

// The playground in Debian's Chromium: the page plays Teams and the connector, the real Teams adapter answers.

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

describe("the local playground in a real browser", () => {
  let app: App & { port: number };
  let browser: BrowserContext;
  let page: Page;
  const userData = mkdtempSync(join(tmpdir(), "spreekuur-chromium-"));

  beforeAll(async () => {
    const config = {
      ...loadCoreConfig({ DATABASE_PATH: tempDatabasePath(), SEND_DAYS: "1-7", SEND_HOURS: "00:00-24:00" }),
      PORT: 0,
    };
    app = await startApp({
      config,
      log: silentLogger,
      env: {},
      scheduler: false,
      drainEveryMs: 100,
      playground: true,
      exampleSessions: "examples/sessions.csv",
    });
    browser = await chromium.launchPersistentContext(userData, {
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1280, height: 900 },
      locale: "nl-NL",
    });
    page = await browser.newPage();
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    rmSync(userData, { recursive: true, force: true });
  });

  const messages = () => page.locator("#messages");
  const lastBot = () => page.locator("#messages li.bot").last();

  async function say(text: string): Promise<void> {
    await page.fill("#text", text);
    await page.press("#text", "Enter");
  }

  it("lists, signs up with name and role, offers the invite, shows my sessions and cancels", async () => {
    await page.goto(`http://127.0.0.1:${app.port}/`);
    await expect(messages().getByText("Welkom bij Spreekuur").waitFor()).resolves.toBeUndefined();

    await say("sessies");
    const list = lastBot();
    await list.getByText("Denksessie Amsterdam (voorbeeld)").waitFor();
    await list.getByRole("button", { name: "Aanmelden" }).first().click();

    // First sign-up: the card becomes the form for name and role.
    const name = page.getByLabel("Naam op de presentielijst");
    await name.fill("Dokter Jansen");
    await page.locator("select.ac-choiceSetInput-compact").last().selectOption("huisarts");
    await page.locator("#messages .ac-pushButton", { hasText: "Aanmelden" }).last().click();
    const confirmation = messages().getByText(/U bent aangemeld voor Denksessie Amsterdam/);
    await confirmation.waitFor();

    // The calendar invite: the card's Action.OpenUrl serves an .ics from the bot's own server.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Zet in agenda" }).last().click(),
    ]);
    expect(download.url()).toMatch(new RegExp(`^http://localhost:${app.port}/calendar/.+\\.ics$`));
    const invite = readFileSync(await download.path(), "utf8");
    expect(invite).toContain("BEGIN:VEVENT");
    expect(invite).toContain("Denksessie Amsterdam");

    await say("mijn sessies");
    const mine = lastBot();
    await mine.getByText("Denksessie Amsterdam (voorbeeld)").waitFor();
    await page.screenshot({ path: "test-results/playground-signed-up.png" });
    await mine.getByRole("button", { name: "Afmelden" }).first().click();
    await page.getByRole("button", { name: "Ja, afmelden" }).last().click();
    await messages()
      .getByText(/U bent afgemeld voor Denksessie Amsterdam/)
      .waitFor();

    mkdirSync("test-results", { recursive: true });
    await page.screenshot({ path: "test-results/playground.png" });
    const signups = app.db.prepare("SELECT status FROM signups").all() as { status: string }[];
    expect(signups.map((s) => s.status)).not.toContain("confirmed");
  });
});
