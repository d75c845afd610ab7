import type { Locale } from "../../src/contract.js";

// The pages of the install: "Add to Slack", done, and not done. Served by the bot itself with everything inline
// (no outside fonts, images or scripts), every inserted value HTML-escaped. Dutch first, English with BOT_LOCALE=en.

export type InstallFailure = "state" | "denied" | "refused" | "error";

export interface InstallDone {
  workspaceName: string | undefined;
  /** An org-wide install (Enterprise Grid): an admin picks the organisation's workspaces next. */
  orgWide: boolean;
  /** Where the installer goes next: the workspace in Slack, or the organisation's app settings. */
  nextUrl: string | undefined;
}

const nl = {
  lang: "nl",
  installTitle: "Spreekuur toevoegen aan Slack",
  installIntro:
    "Met Spreekuur vinden de leden van de vereniging de denksessies, melden zij zich aan en ontvangen zij de " +
    "berichten van de organisatoren, in Slack.",
  installSteps:
    "Klik op de knop en kies uw werkruimte. Slack vraagt u daarna om toestemming; u kunt de app later altijd " +
    "weer verwijderen.",
  installAsks:
    "Spreekuur vraagt om: berichten sturen, de opdracht /spreekuur, directe berichten met Spreekuur lezen en " +
    "beginnen, agenda-bestanden delen, en de ledenlijst met e-mailadressen lezen (om leden te herkennen). " +
    "Kanalen leest Spreekuur niet.",
  addButton: "Toevoegen aan Slack",
  doneTitle: "Spreekuur is geïnstalleerd",
  doneLead: (name: string | undefined, orgWide: boolean) =>
    orgWide
      ? `Spreekuur is toegevoegd aan de organisatie${name ? ` ${name}` : ""}.`
      : `Spreekuur is toegevoegd aan de werkruimte${name ? ` ${name}` : ""}.`,
  nextHeading: "Wat er nu gebeurt",
  nextApps: "Spreekuur staat bij Apps in de zijbalk van de werkruimte.",
  nextOrgApps: "Kies in het beheer van uw organisatie in welke werkruimtes Spreekuur komt; daar staat het bij Apps.",
  nextDirectory:
    "De leden worden uit de ledenlijst van de werkruimte gelezen. Dat gaat vanzelf; bij een grote werkruimte duurt " +
    "het enkele minuten.",
  nextPace:
    "De eerste berichten gaan uit in het tempo dat Slack toestaat: bij veel leden duurt het even voordat iedereen " +
    "ze heeft.",
  nextHelp: "Organisatoren typen help in een direct bericht aan Spreekuur om te zien wat er kan.",
  openSlack: "Slack openen",
  openOrg: "Naar het beheer van de organisatie",
  failedTitle: "Installatie niet gelukt",
  failed: {
    state:
      "Deze installatielink is verlopen of hoort bij een ander browservenster. Er is niets geïnstalleerd. " +
      "Begin opnieuw vanaf de installatiepagina.",
    denied: "U heeft de installatie geannuleerd. Er is niets geïnstalleerd.",
    refused:
      "Slack heeft de toestemming niet bevestigd; misschien is de link al gebruikt. Er is niets geïnstalleerd. " +
      "Begin opnieuw vanaf de installatiepagina.",
    error: "Er ging iets mis bij het opslaan van de installatie. Probeer het over enkele minuten opnieuw.",
  } satisfies Record<InstallFailure, string>,
  startAgain: "Opnieuw beginnen",
};

const en: typeof nl = {
  lang: "en",
  installTitle: "Add Spreekuur to Slack",
  installIntro:
    "With Spreekuur the association's members find the sessions, sign up and receive the organisers' messages, " +
    "in Slack.",
  installSteps:
    "Click the button and choose your workspace. Slack then asks for your permission; you can always remove the " +
    "app later.",
  installAsks:
    "Spreekuur asks to: send messages, the /spreekuur command, read and start direct messages with Spreekuur, " +
    "share calendar files, and read the member list with email addresses (to recognise members). Spreekuur does " +
    "not read channels.",
  addButton: "Add to Slack",
  doneTitle: "Spreekuur is installed",
  doneLead: (name, orgWide) =>
    orgWide
      ? `Spreekuur has been added to the organisation${name ? ` ${name}` : ""}.`
      : `Spreekuur has been added to the workspace${name ? ` ${name}` : ""}.`,
  nextHeading: "What happens next",
  nextApps: "Spreekuur appears under Apps in the workspace's sidebar.",
  nextOrgApps: "In your organisation's admin pages, choose the workspaces Spreekuur goes to; there it is under Apps.",
  nextDirectory:
    "The members are read from the workspace's member list. This happens by itself; in a large workspace it takes " +
    "a few minutes.",
  nextPace:
    "The first messages go out at the pace Slack allows: with many members it takes a while before everyone has " +
    "them.",
  nextHelp: "Organisers type help in a direct message to Spreekuur to see what it can do.",
  openSlack: "Open Slack",
  openOrg: "Go to the organisation's admin pages",
  failedTitle: "Installation failed",
  failed: {
    state:
      "This install link has expired or belongs to another browser window. Nothing was installed. Start again from " +
      "the install page.",
    denied: "You cancelled the installation. Nothing was installed.",
    refused:
      "Slack did not confirm the permission; the link may have been used already. Nothing was installed. Start " +
      "again from the install page.",
    error: "Something went wrong while saving the installation. Please try again in a few minutes.",
  },
  startAgain: "Start again",
};

const textsOf = (locale: Locale) => (locale === "en" ? en : nl);

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

/** The headers of every install page: nothing loaded from elsewhere, not framed, no code leaked in a Referer. */
export const pageHeaders = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'none'",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
};

const style = `body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:36rem;margin:3rem auto;
padding:0 1rem;color:#1d1c1d;line-height:1.5}h1{color:#1d4f91;font-size:1.6rem}
a.button{display:inline-block;background:#4a154b;color:#fff;padding:.7rem 1.4rem;border-radius:.4rem;
text-decoration:none;font-weight:600}a.button:focus,a.button:hover{background:#611f69}li{margin:.4rem 0}`;

function page(locale: Locale, title: string, body: string): string {
  const t = textsOf(locale);
  return `<!doctype html>
<html lang="${t.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>`;
}

const paragraph = (text: string) => `<p>${escapeHtml(text)}</p>`;
const link = (href: string, text: string, button = false) =>
  `<p><a${button ? ' class="button"' : ""} href="${escapeHtml(href)}">${escapeHtml(text)}</a></p>`;

/** The install page: what Spreekuur is and asks for, and the button to the authorize URL Bolt made. */
export function installPage(locale: Locale, authorizeUrl: string): string {
  const t = textsOf(locale);
  const body = [paragraph(t.installIntro), paragraph(t.installSteps), link(authorizeUrl, t.addButton, true)];
  return page(locale, t.installTitle, [...body, paragraph(t.installAsks)].join("\n"));
}

/** After the install: what happens next. */
export function installedPage(locale: Locale, done: InstallDone): string {
  const t = textsOf(locale);
  const steps = [done.orgWide ? t.nextOrgApps : t.nextApps, t.nextDirectory, t.nextPace, t.nextHelp];
  const body = [
    paragraph(t.doneLead(done.workspaceName, done.orgWide)),
    `<h2>${escapeHtml(t.nextHeading)}</h2>`,
    `<ol>${steps.map((step) => `<li>${escapeHtml(step)}</li>`).join("")}</ol>`,
    done.nextUrl ? link(done.nextUrl, done.orgWide ? t.openOrg : t.openSlack, true) : "",
  ];
  return page(locale, t.doneTitle, body.join("\n"));
}

/** Not installed: one sentence on why, without the details (codes, state, errors) behind it. */
export function failedPage(locale: Locale, failure: InstallFailure, installPath: string): string {
  const t = textsOf(locale);
  const again = failure === "error" ? "" : link(installPath, t.startAgain);
  return page(locale, t.failedTitle, [paragraph(t.failed[failure]), again].join("\n"));
}
