import type { Locale } from "../contract.js";
import type { Audience, Role } from "../types.js";

// Every user-facing text, in Dutch (the default) and English. Dutch GPs are addressed formally ("u").

const nl = {
  welcome:
    "Welkom bij Spreekuur. Hier vindt u de denksessies over de toekomst van de huisartsenzorg en meldt u zich met één klik aan.",
  help: [
    "Dit kunt u mij vragen:",
    "• **sessies**: alle denksessies met vrije plaatsen",
    "• **sessies utrecht**, **sessies gelderland** of **sessies september**: alleen die plaats, regio of maand",
    "• **mijn sessies**: waarvoor u bent aangemeld",
    "• **reacties**: uw reactie op een open reactieronde over de conceptkaders",
    "• **english**: switch to English",
  ].join("\n"),
  unknown: 'Dat begreep ik niet. Typ "sessies" voor de denksessies, "mijn sessies" voor uw aanmeldingen of "help".',
  sessionsTitle: "Denksessies",
  sessionsHeader: (count: number, filter?: string) =>
    `${count === 1 ? "1 denksessie" : `${count} denksessies`}${filter ? ` voor "${filter}"` : ""}.`,
  pageInfo: (from: number, to: number, total: number) => `Sessie ${from}–${to} van ${total}.`,
  noSessions: (filter?: string) =>
    filter
      ? `Geen denksessies gevonden voor "${filter}". Typ "sessies" voor alle sessies.`
      : "Er zijn nu geen denksessies gepland.",
  labelWhen: "Wanneer",
  labelWhere: "Waar",
  labelLeader: "Sessieleider",
  labelPlaces: "Plaatsen",
  labelFor: "Voor",
  labelNotes: "Bijzonderheden",
  labelStatus: "Uw aanmelding",
  placesLeft: (left: number, capacity: number) => `${left} van ${capacity} vrij`,
  full: (waitlisted: number) => (waitlisted ? `Vol, wachtlijst: ${waitlisted}` : "Vol"),
  sessionCancelledLabel: "Gaat niet door",
  example: "voorbeeld",
  audience: { huisarts: "huisartsen", aios: "aios", both: "huisartsen en aios" } satisfies Record<Audience, string>,
  role: {
    huisarts: "Huisarts",
    aios: "Aios (huisarts in opleiding)",
    stakeholder: "Stakeholder (geen huisarts of aios)",
    other: "Anders",
  } satisfies Record<Role, string>,
  /** A role as an audience or a group in results: short, capitalised. */
  roleName: { huisarts: "Huisarts", aios: "Aios", stakeholder: "Stakeholder", other: "Anders" } satisfies Record<
    Role,
    string
  >,
  buttonSignUp: "Aanmelden",
  buttonWaitlist: "Op de wachtlijst",
  buttonDetails: "Details",
  buttonCancel: "Afmelden",
  buttonMore: "Meer sessies",
  buttonMine: "Mijn sessies",
  buttonAll: "Alle sessies",
  profileTitle: "Uw gegevens",
  profileIntro: "Eenmalig: welke naam mag op de presentielijst voor de sessieleider, en wat is uw rol?",
  profileName: "Naam op de presentielijst",
  profileRole: "Rol",
  profileSubmit: "Aanmelden",
  profileFull: "Deze sessie is intussen vol. Vult u uw gegevens in, dan komt u op de wachtlijst.",
  errorNameRequired: "Vul uw naam in (2 tot 80 tekens).",
  errorNameLetters:
    "Vul uw naam in letters in (2 tot 80 tekens). Emoji alleen is geen naam; onzichtbare tekens en tekens die de leesrichting omdraaien laten we weg.",
  errorRoleRequired: "Kies uw rol.",
  confirmed: (title: string, when: string, city: string) =>
    `U bent aangemeld voor ${title} op ${when} in ${city}. De dag ervoor krijgt u een herinnering.`,
  alreadyConfirmed: (title: string, when: string) => `U bent al aangemeld voor ${title} op ${when}.`,
  confirmedCard: "U bent aangemeld. De dag ervoor krijgt u een herinnering.",
  alreadyConfirmedCard: "U bent al aangemeld.",
  waitlistedCard: "Deze sessie is vol. Komt er een plek vrij, dan krijgt u die automatisch en laten we het u weten.",
  alreadyWaitlistedCard: "U stond al op de wachtlijst.",
  promotedCard: "Goed nieuws: er is een plaats vrijgekomen. U bent nu aangemeld.",
  waitlisted: (title: string, position: number) =>
    `${title} is vol. U staat op de wachtlijst, plaats ${position}. Komt er een plek vrij, dan krijgt u die automatisch en laten we het u weten.`,
  alreadyWaitlisted: (title: string, position: number) =>
    `U staat al op de wachtlijst voor ${title}, plaats ${position}.`,
  refused: {
    not_found: 'Die sessie bestaat niet (meer). Typ "sessies" voor het actuele aanbod.',
    cancelled: 'Deze sessie gaat helaas niet door. Typ "sessies" voor andere data.',
    started: "Deze sessie is al begonnen of voorbij.",
    closed: "Aanmelden voor deze sessie is gesloten.",
    audience: (audience: Audience) => `Deze sessie is alleen voor ${nl.audience[audience]}.`,
  },
  cancelQuestion: (title: string, when: string) =>
    `Wilt u zich afmelden voor ${title} op ${when}? Uw plaats gaat dan naar de eerste op de wachtlijst.`,
  cancelYes: "Ja, afmelden",
  cancelNo: "Nee, ik kom",
  cancelled: (title: string) => `U bent afgemeld voor ${title}. Jammer dat u er niet bij kunt zijn.`,
  cancelledWaitlist: (title: string) => `U staat niet meer op de wachtlijst voor ${title}.`,
  notSignedUp: "U was niet aangemeld voor deze sessie.",
  kept: "Fijn, uw plaats blijft staan.",
  mineTitle: "Uw sessies",
  mineNone: 'U bent nog niet aangemeld voor een denksessie. Typ "sessies" om het aanbod te zien.',
  statusConfirmed: "Aangemeld",
  statusWaitlisted: (position: number) => `Wachtlijst, plaats ${position}`,
  promoted: (title: string, when: string, city: string) =>
    `Goed nieuws: er is een plaats vrijgekomen. U bent nu aangemeld voor ${title} op ${when} in ${city}.`,
  sessionCancelled: (title: string, when: string, city: string) =>
    `Helaas gaat ${title} op ${when} in ${city} niet door. Uw aanmelding vervalt. Typ "sessies" voor andere data.`,
  localeSet: "Ik spreek vanaf nu Nederlands met u.",
};

export type Texts = typeof nl;

const en: Texts = {
  welcome:
    "Welcome to Spreekuur. Find the discussion sessions on the future of GP care here and sign up with one click.",
  help: [
    "You can ask me:",
    "• **sessions**: all discussion sessions with places left",
    "• **sessions utrecht**, **sessions gelderland** or **sessions september**: only that city, region or month",
    "• **my sessions**: what you have signed up for",
    "• **reactions**: your reaction to an open consultation round on the draft frameworks",
    "• **nederlands**: schakel naar Nederlands",
  ].join("\n"),
  unknown:
    'Sorry, I did not understand that. Type "sessions" for the sessions, "my sessions" for your sign-ups, or "help".',
  sessionsTitle: "Discussion sessions",
  sessionsHeader: (count, filter) =>
    `${count === 1 ? "1 session" : `${count} sessions`}${filter ? ` for "${filter}"` : ""}.`,
  pageInfo: (from, to, total) => `Sessions ${from}–${to} of ${total}.`,
  noSessions: (filter) =>
    filter
      ? `No sessions found for "${filter}". Type "sessions" for all sessions.`
      : "No sessions are planned right now.",
  labelWhen: "When",
  labelWhere: "Where",
  labelLeader: "Session leader",
  labelPlaces: "Places",
  labelFor: "For",
  labelNotes: "Notes",
  labelStatus: "Your sign-up",
  placesLeft: (left, capacity) => `${left} of ${capacity} left`,
  full: (waitlisted) => (waitlisted ? `Full, waitlist: ${waitlisted}` : "Full"),
  sessionCancelledLabel: "Cancelled",
  example: "example",
  audience: { huisarts: "GPs", aios: "GP trainees", both: "GPs and GP trainees" },
  role: {
    huisarts: "GP",
    aios: "GP trainee (aios)",
    stakeholder: "Stakeholder (not a GP or trainee)",
    other: "Other",
  },
  roleName: { huisarts: "GP", aios: "GP trainee", stakeholder: "Stakeholder", other: "Other" },
  buttonSignUp: "Sign up",
  buttonWaitlist: "Join the waitlist",
  buttonDetails: "Details",
  buttonCancel: "Cancel",
  buttonMore: "More sessions",
  buttonMine: "My sessions",
  buttonAll: "All sessions",
  profileTitle: "Your details",
  profileIntro: "Just once: which name may the session leader see on the roster, and what is your role?",
  profileName: "Name on the roster",
  profileRole: "Role",
  profileSubmit: "Sign up",
  profileFull: "This session has filled up. Fill in your details to join the waitlist.",
  errorNameRequired: "Enter your name (2 to 80 characters).",
  errorNameLetters:
    "Enter your name in letters (2 to 80 characters). An emoji alone is not a name; invisible characters and characters that reverse the reading direction are left out.",
  errorRoleRequired: "Choose your role.",
  confirmed: (title, when, city) =>
    `You are signed up for ${title} on ${when} in ${city}. You will get a reminder the day before.`,
  alreadyConfirmed: (title, when) => `You are already signed up for ${title} on ${when}.`,
  confirmedCard: "You are signed up. You will get a reminder the day before.",
  alreadyConfirmedCard: "You are already signed up.",
  waitlistedCard: "This session is full. If a place frees up, it is yours automatically and we will let you know.",
  alreadyWaitlistedCard: "You were already on the waitlist.",
  promotedCard: "Good news: a place has freed up. You are now signed up.",
  waitlisted: (title, position) =>
    `${title} is full. You are on the waitlist, number ${position}. If a place frees up, it is yours automatically and we will let you know.`,
  alreadyWaitlisted: (title, position) => `You are already on the waitlist for ${title}, number ${position}.`,
  refused: {
    not_found: 'That session does not exist (any more). Type "sessions" for the current list.',
    cancelled: 'This session has been cancelled. Type "sessions" for other dates.',
    started: "This session has already started or is over.",
    closed: "Sign-up for this session has closed.",
    audience: (audience) => `This session is only for ${en.audience[audience]}.`,
  },
  cancelQuestion: (title, when) =>
    `Do you want to cancel your place in ${title} on ${when}? It will go to the first person on the waitlist.`,
  cancelYes: "Yes, cancel",
  cancelNo: "No, I'll be there",
  cancelled: (title) => `You have cancelled your place in ${title}. Sorry you cannot make it.`,
  cancelledWaitlist: (title) => `You are no longer on the waitlist for ${title}.`,
  notSignedUp: "You were not signed up for this session.",
  kept: "Good, your place is kept.",
  mineTitle: "Your sessions",
  mineNone: 'You have not signed up for a session yet. Type "sessions" to see what is on.',
  statusConfirmed: "Signed up",
  statusWaitlisted: (position) => `Waitlist, number ${position}`,
  promoted: (title, when, city) =>
    `Good news: a place has freed up. You are now signed up for ${title} on ${when} in ${city}.`,
  sessionCancelled: (title, when, city) =>
    `Unfortunately ${title} on ${when} in ${city} has been cancelled. Your sign-up lapses. Type "sessions" for other dates.`,
  localeSet: "I'll speak English with you from now on.",
};

const catalog: Record<Locale, Texts> = { nl, en };

export function texts(locale: Locale): Texts {
  return catalog[locale];
}

/** Maps a platform locale (`en-US`, `nl-NL`) to one we speak. */
export function localeFrom(tag: string | undefined): Locale | undefined {
  if (!tag) return undefined;
  const language = tag.toLowerCase().slice(0, 2);
  return language === "en" || language === "nl" ? language : undefined;
}
