import type { Locale } from "../contract.js";

// What the bot says in chat about the dashboard: the personal sign-in link. Formal "u".

const nl = {
  title: "Dashboard",
  organiserLink:
    "Uw persoonlijke link naar het dashboard: sessies, aanmeldingen, enquêtes, peilingen en berichten in één overzicht. De link werkt één keer en 10 minuten; deel hem niet.",
  leaderLink:
    "Uw persoonlijke link naar het dashboard van uw eigen sessies. De link werkt één keer en 10 minuten; deel hem niet.",
  open: "Open dashboard",
};

type DashboardTexts = typeof nl;

const en: DashboardTexts = {
  title: "Dashboard",
  organiserLink:
    "Your personal link to the dashboard: sessions, sign-ups, surveys, polls and messages at a glance. The link works once and for 10 minutes; do not share it.",
  leaderLink:
    "Your personal link to the dashboard of your own sessions. The link works once and for 10 minutes; do not share it.",
  open: "Open dashboard",
};

const catalog: Record<Locale, DashboardTexts> = { nl, en };

export const dashboardTexts = (locale: Locale): DashboardTexts => catalog[locale];
