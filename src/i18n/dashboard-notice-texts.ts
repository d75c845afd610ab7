import type { Locale } from "../contract.js";

// The dashboard's pages without data: why a visitor sees nothing, and the button that signs in. Formal "u".

/** Why a page shows no data (adapters/dashboard/page-kinds.ts hands it to the renderer). */
export type NoticeKind =
  | "link_unknown"
  | "link_expired"
  | "link_used"
  | "not_allowed"
  | "signed_out"
  | "no_session"
  | "forbidden"
  | "not_found"
  | "bad_request";

interface Notice {
  title: string;
  body: string;
}

const askNew = "Vraag een nieuwe link door “dashboard” te typen in de chat met Spreekuur.";

const nl = {
  notices: {
    link_unknown: { title: "Deze link is niet geldig", body: `Controleer of u de hele link hebt geopend. ${askNew}` },
    link_expired: {
      title: "Deze link is verlopen",
      body: `Een link naar het dashboard werkt 10 minuten en die zijn voorbij. ${askNew}`,
    },
    link_used: {
      title: "Deze link is al gebruikt",
      body: `Een link naar het dashboard werkt één keer. ${askNew}`,
    },
    not_allowed: {
      title: "Geen toegang",
      body: "U bent geen organisator (meer) en ook geen sessieleider, dus het dashboard is niet voor u beschikbaar.",
    },
    signed_out: {
      title: "U bent uitgelogd",
      body: "Tot ziens. Wilt u weer inloggen? Typ “dashboard” in de chat met Spreekuur.",
    },
    no_session: {
      title: "Log eerst in",
      body: "U bent niet (meer) ingelogd. Typ “dashboard” in de chat met Spreekuur voor een persoonlijke link.",
    },
    forbidden: { title: "Geen toegang", body: "Deze pagina is niet voor u beschikbaar." },
    not_found: { title: "Niet gevonden", body: "Deze pagina bestaat niet." },
    bad_request: {
      title: "Dat ging niet goed",
      body: "Het verzoek klopte niet. Probeer het opnieuw vanaf het dashboard.",
    },
  } satisfies Record<NoticeKind, Notice>,
  loginTitle: "Inloggen op het dashboard",
  loginBody: "Klik op de knop om in te loggen. De link werkt één keer; daarna blijft u 8 uur ingelogd.",
  loginButton: "Inloggen",
};

type DashboardNoticeTexts = typeof nl;

const askNewEn = "Ask for a new link by typing “dashboard” in the chat with Spreekuur.";

const en: DashboardNoticeTexts = {
  notices: {
    link_unknown: { title: "This link is not valid", body: `Check that you opened the whole link. ${askNewEn}` },
    link_expired: {
      title: "This link has expired",
      body: `A dashboard link works for 10 minutes and those have passed. ${askNewEn}`,
    },
    link_used: { title: "This link has already been used", body: `A dashboard link works once. ${askNewEn}` },
    not_allowed: {
      title: "No access",
      body: "You are not (or no longer) an organiser, nor a session leader, so the dashboard is not available to you.",
    },
    signed_out: {
      title: "You are signed out",
      body: "Goodbye. Want to sign in again? Type “dashboard” in the chat with Spreekuur.",
    },
    no_session: {
      title: "Please sign in first",
      body: "You are not (or no longer) signed in. Type “dashboard” in the chat with Spreekuur for a personal link.",
    },
    forbidden: { title: "No access", body: "This page is not available to you." },
    not_found: { title: "Not found", body: "This page does not exist." },
    bad_request: {
      title: "That did not work",
      body: "The request was not right. Please try again from the dashboard.",
    },
  },
  loginTitle: "Sign in to the dashboard",
  loginBody: "Press the button to sign in. The link works once; after that you stay signed in for 8 hours.",
  loginButton: "Sign in",
};

const catalog: Record<Locale, DashboardNoticeTexts> = { nl, en };

export const dashboardNoticeTexts = (locale: Locale): DashboardNoticeTexts => catalog[locale];
