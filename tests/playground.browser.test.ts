import { readFileSync } from "node:fs";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { formatLocalDateTime } from "../src/time/local-time.js";
import * as pg from "./support/playground-browser.js";

// The playground in Debian's Chromium: the page plays Teams and the connector, the real Teams adapter answers.
// The two tests share one app and one page, in order: the second builds on the first.

/** README's screenshots are taken anew with SCREENSHOTS=1; a plain run leaves docs/ alone. */
const screenshots = process.env.SCREENSHOTS === "1" ? "docs" : "test-results";

describe("the local playground in a real browser", () => {
  let playground: pg.Playground;
  let app: pg.Playground["app"];
  let page: Page;

  beforeAll(async () => {
    playground = await pg.openPlayground({ width: 1280, height: 900 });
    ({ app, page } = playground);
  });

  afterAll(() => playground?.close());

  const messages = () => page.locator("#messages");
  const say = (text: string) => pg.say(page, text);
  const cardWith = (inner: Locator) => pg.cardWith(page, inner);
  const seeNew = (text: string | RegExp, step: () => Promise<unknown>) => pg.seeNew(page, text, step);
  const become = (identity: pg.Identity, conversation: string) => pg.become(page, identity, conversation);
  const signUpForAmsterdam = (profile?: { name: string; role: string }, button?: string) =>
    pg.signUpForAmsterdam(page, profile, button);

  it("lists, signs up with name and role, offers the invite, shows my sessions and cancels", async () => {
    await page.goto(`http://127.0.0.1:${app.port}/`);
    await messages().getByText("Welkom bij Spreekuur").waitFor();
    await page.locator('#messages[data-conversation="pg-conv-pg-gp-1"]').waitFor();

    const list = await say("sessies");
    await list.getByText("Denksessie Haarlem (voorbeeld)").waitFor();

    const card = await signUpForAmsterdam({ name: "Dokter Jansen", role: "huisarts" });
    await card.getByText(/U bent aangemeld\. De dag ervoor/).waitFor();
    await page.screenshot({ path: `${screenshots}/playground-signup.png` });

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
    await organiserCard.getByText(/U bent aangemeld\. De dag ervoor/).waitFor();
    await become("gp", "pg-conv-pg-gp-1");
    const gpCard = await signUpForAmsterdam();
    await gpCard.getByText(/U bent aangemeld\. De dag ervoor/).waitFor();
    await become("gp2", "pg-conv-pg-gp-2");
    const waiting = await signUpForAmsterdam({ name: "Dokter de Boer", role: "aios" }, "Op de wachtlijst");
    await waiting.getByText(/Deze sessie is vol\./).waitFor();

    // Dokter Jansen cancels; the promotion reaches Dokter de Boer through outbox, dispatcher, adapter and connector.
    await become("gp", "pg-conv-pg-gp-1");
    const mine = await say("mijn sessies");
    await mine.getByRole("button", { name: "Afmelden" }).first().click();
    await mine.getByRole("button", { name: "Ja, afmelden" }).click();
    await mine.getByText(/U bent afgemeld/).waitFor();
    await become("gp2", "pg-conv-pg-gp-2");
    // Two deliveries, in either order: the notice as a new message ("uit zichzelf"), and the waitlist card updated
    // where it was shown; both say the same.
    const proactive = page
      .locator("#messages li.bot")
      .filter({ has: page.locator(".meta", { hasText: "uit zichzelf" }) });
    await proactive.getByText(/Goed nieuws: er is een plaats vrijgekomen/).waitFor();
    await expect
      .poll(() =>
        messages()
          .getByText(/Goed nieuws: er is een plaats vrijgekomen/)
          .count(),
      )
      .toBe(2);
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
    await page.screenshot({ path: `${screenshots}/playground-broadcast.png` });

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
    // Two: the notice, and the earlier waitlist card updated in place.
    const promoted = page.locator("#messages li.bot", { hasText: "Goed nieuws" });
    await expect.poll(() => promoted.count()).toBe(2);
    await promoted.last().evaluate((li) => li.scrollIntoView());
    await page.screenshot({ path: "test-results/playground-promoted.png" });
  });
});
