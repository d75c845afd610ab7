import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { type App, startApp } from "../adapters/app.js";
import { silentLogger } from "../src/log.js";
import { formatLocalDateTime } from "../src/time/local-time.js";
import { testConfig } from "./support/app-config.js";
import { tempDatabasePath } from "./support/driver.js";

// The playground in Debian's Chromium: the page plays Teams and the connector, the real Teams adapter answers.
// The two tests share one app and one page, in order: the second builds on the first.

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
    const config = testConfig({
      DATABASE_PATH: tempDatabasePath(),
      SEND_DAYS: "1-7",
      SEND_HOURS: "00:00-24:00",
      NUDGES_PER_WEEK: "50",
      PLAYGROUND: "on",
    });
    app = await startApp({
      config,
      log: silentLogger,
      scheduler: false,
      drainEveryMs: 100,
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
  const bots = () => page.locator("#messages li.bot");

  /** Types a message and answers the bot's reply to it (proactive messages may arrive in between). */
  async function say(text: string): Promise<Locator> {
    const mine = page.locator("#messages li.me");
    const before = await mine.count();
    await page.fill("#text", text);
    await page.press("#text", "Enter");
    const id = await mine.nth(before).getAttribute("data-activity-id");
    const reply = page.locator(`#messages li.bot[data-reply-to="${id}"]`).first();
    await reply.waitFor();
    return reply;
  }

  /** The latest bot message holding this element. */
  const cardWith = (inner: Locator): Locator => bots().filter({ has: inner }).last();

  /** Waits until one more element shows the text than before the step. */
  async function seeNew(text: string | RegExp, step: () => Promise<unknown>): Promise<void> {
    const found = messages().getByText(text);
    const before = await found.count();
    await step();
    await expect.poll(() => found.count(), { timeout: 10_000 }).toBeGreaterThan(before);
  }

  async function become(identity: "gp" | "gp2" | "organiser", conversation: string): Promise<void> {
    await page.selectOption("#identity", identity);
    await page.locator(`#messages[data-conversation="${conversation}"]`).waitFor();
  }

  async function signUpForAmsterdam(profile?: { name: string; role: string }, button = "Aanmelden"): Promise<Locator> {
    const card = await say("sessies amsterdam");
    await card.getByText("Denksessie Amsterdam (voorbeeld)").first().waitFor();
    await card.getByRole("button", { name: button }).first().click();
    if (profile) {
      // First sign-up: the card becomes the form for name and role.
      await card.getByLabel("Naam op de presentielijst").fill(profile.name);
      await card.locator("select").selectOption(profile.role);
      await card.getByRole("button", { name: "Aanmelden" }).click();
    }
    return card;
  }

  it("lists, signs up with name and role, offers the invite, shows my sessions and cancels", async () => {
    await page.goto(`http://127.0.0.1:${app.port}/`);
    await messages().getByText("Welkom bij Spreekuur").waitFor();
    await page.locator('#messages[data-conversation="pg-conv-pg-gp-1"]').waitFor();

    const list = await say("sessies");
    await list.getByText("Denksessie Haarlem (voorbeeld)").waitFor();

    const card = await signUpForAmsterdam({ name: "Dokter Jansen", role: "huisarts" });
    await card.getByText(/U bent aangemeld voor Denksessie Amsterdam/).waitFor();

    // The calendar invite: the card's Action.OpenUrl serves an .ics from the bot's own server.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      card.getByRole("link", { name: "Zet in agenda" }).click(),
    ]);
    expect(download.url()).toMatch(new RegExp(`^http://localhost:${app.port}/calendar/.+\\.ics$`));
    const invite = readFileSync(await download.path(), "utf8");
    expect(invite).toContain("BEGIN:VEVENT");
    expect(invite).toContain("Denksessie Amsterdam");

    const mine = await say("mijn sessies");
    await mine.getByText("Denksessie Amsterdam (voorbeeld)").waitFor();
    await page.screenshot({ path: "test-results/playground-signed-up.png" });
    await mine.getByRole("button", { name: "Afmelden" }).first().click();
    await mine.getByRole("button", { name: "Ja, afmelden" }).click();
    await mine.getByText(/U bent afgemeld voor Denksessie Amsterdam/).waitFor();
    await page.screenshot({ path: "test-results/playground.png" });

    const signups = app.db.prepare("SELECT status FROM signups").all() as { status: string }[];
    expect(signups.map((s) => s.status)).not.toContain("confirmed");
  });

  it("waitlists, promotes another identity proactively, and gives the organiser broadcast, poll, survey and report", async () => {
    onTestFailed(() => page.screenshot({ path: "test-results/playground-failed.png" }).then(() => undefined));
    // Amsterdam has two places: the organiser and Dokter Jansen take them, Dokter de Boer waits.
    await become("organiser", "pg-conv-pg-organiser");
    const organiserCard = await signUpForAmsterdam({ name: "Organisator", role: "huisarts" });
    await organiserCard.getByText(/U bent aangemeld voor Denksessie Amsterdam/).waitFor();
    await become("gp", "pg-conv-pg-gp-1");
    const gpCard = await signUpForAmsterdam();
    await gpCard.getByText(/U bent aangemeld voor Denksessie Amsterdam/).waitFor();
    await become("gp2", "pg-conv-pg-gp-2");
    const waiting = await signUpForAmsterdam({ name: "Dokter de Boer", role: "aios" }, "Op de wachtlijst");
    await waiting.getByText(/is vol\. U staat op de wachtlijst, plaats 1/).waitFor();

    // Dokter Jansen cancels; the promotion reaches Dokter de Boer through outbox, dispatcher, adapter and connector.
    await become("gp", "pg-conv-pg-gp-1");
    const mine = await say("mijn sessies");
    await mine.getByRole("button", { name: "Afmelden" }).first().click();
    await mine.getByRole("button", { name: "Ja, afmelden" }).click();
    await mine.getByText(/U bent afgemeld/).waitFor();
    await become("gp2", "pg-conv-pg-gp-2");
    await messages()
      .getByText(/Goed nieuws: er is een plaats vrijgekomen/)
      .waitFor();
    await expect(page.locator("#messages li.bot .meta", { hasText: "uit zichzelf" }).count()).resolves.toBe(1);

    // The organiser broadcasts to everyone and reads the delivery report.
    await become("organiser", "pg-conv-pg-organiser");
    const form = await say("bericht versturen");
    await form.getByLabel("Bericht").fill("De zaal in Amsterdam is verhuisd naar de eerste verdieping.");
    await form.locator("select").first().selectOption("everyone");
    await seeNew(/Het gaat naar 3 ontvangers/, () =>
      form.getByRole("button", { name: "Versturen", exact: true }).click(),
    );
    await seeNew(/Bericht 1 staat klaar voor 3 ontvangers/, () =>
      cardWith(page.getByText(/Het gaat naar 3 ontvangers/))
        .getByRole("button", { name: "Versturen", exact: true })
        .click(),
    );
    await messages().getByText("De zaal in Amsterdam is verhuisd naar de eerste verdieping.").last().waitFor();
    await expect
      .poll(async () => (await say("rapport 1")).textContent(), { timeout: 10_000 })
      .toContain("Verstuurd: 3 · Wacht: 0 · Mislukt: 0 (van 3)");

    // A poll that opens now goes out now.
    const polls = await say("peilingen");
    await polls.getByRole("button", { name: "Nieuwe peiling" }).click();
    await seeNew(/De peiling is aangemaakt/, async () => {
      const pollForm = cardWith(page.getByLabel("Vraag"));
      await pollForm.getByLabel("Vraag").fill("Welke kerntaak wilt u bespreken?");
      await pollForm.getByLabel(/Antwoorden/).fill("Spoedzorg\nPalliatieve zorg\nPreventie");
      await pollForm.getByLabel(/^Sluit/).fill(formatLocalDateTime(Date.now() + 86_400_000, "Europe/Amsterdam"));
      await pollForm.getByRole("button", { name: "Aanmaken" }).click();
    });
    await messages().getByText("Welke kerntaak wilt u bespreken?").last().waitFor();

    // A survey that opens now invites at once; the organiser sends a reminder now from its status.
    const surveys = await say("enquetes");
    await surveys.getByRole("button", { name: "Nieuwe enquête" }).click();
    const now = Date.now();
    await seeNew(/De enquête "Evaluatie denksessies" is aangemaakt/, async () => {
      const surveyForm = cardWith(page.getByLabel("Titel"));
      await surveyForm.getByLabel("Titel").fill("Evaluatie denksessies");
      await surveyForm.getByLabel(/Link naar de enquête/).fill("https://enquete.example.nl/denksessies");
      await surveyForm.getByLabel(/^Opent/).fill(formatLocalDateTime(now, "Europe/Amsterdam"));
      await surveyForm.getByLabel(/^Sluit/).fill(formatLocalDateTime(now + 7 * 86_400_000, "Europe/Amsterdam"));
      await surveyForm.getByRole("button", { name: "Aanmaken" }).click();
    });
    const list = await say("enquetes");
    await list.getByRole("button", { name: "Status" }).first().click();
    const status = cardWith(page.getByRole("button", { name: "Herinnering nu versturen" }));
    await seeNew(/Er gaat nu een herinnering naar 3 leden/, () =>
      status.getByRole("button", { name: "Herinnering nu versturen" }).click(),
    );

    // Dokter de Boer got it all, without asking.
    await become("gp2", "pg-conv-pg-gp-2");
    for (const text of [
      "De zaal in Amsterdam is verhuisd naar de eerste verdieping.",
      "Welke kerntaak wilt u bespreken?",
    ]) {
      await messages().getByText(text).first().waitFor();
    }
    await expect
      .poll(
        () =>
          messages()
            .getByText(/Evaluatie denksessies/)
            .count(),
        { timeout: 10_000 },
      )
      .toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: "test-results/playground-gp2.png" });
    await page.locator("#messages li.bot", { hasText: "Goed nieuws" }).evaluate((li) => li.scrollIntoView());
    await page.screenshot({ path: "test-results/playground-promoted.png" });
  });
});
