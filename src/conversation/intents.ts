import type { Locale } from "../contract.js";
import { matchesWord } from "../text/fuzzy.js";
import { normalize } from "../text/normalize.js";

export type Intent =
  | { kind: "help"; greeting: boolean }
  | { kind: "list"; filter?: string }
  | { kind: "mine" }
  | { kind: "signup"; sessionId?: string }
  | { kind: "cancel"; sessionId?: string }
  | { kind: "locale"; locale: Locale }
  | { kind: "unknown" };

const words = {
  list: [
    "sessies",
    "sessie",
    "denksessies",
    "denksessie",
    "sessions",
    "session",
    "aanbod",
    "agenda",
    "overzicht",
    "list",
  ],
  mine: ["mijn", "my", "mine", "aanmeldingen", "inschrijvingen"],
  greeting: ["hallo", "hoi", "hi", "hello", "hey", "goedemorgen", "goedemiddag", "goedenavond", "dag", "start"],
  help: ["help", "hulp", "info", "?", "menu"],
  signup: ["aanmelden", "inschrijven", "opgeven", "signup", "join", "register"],
  cancel: ["afmelden", "uitschrijven", "annuleren", "cancel"],
  english: ["english", "engels"],
  dutch: ["nederlands", "dutch", "nl"],
};

/** Words that carry no meaning in a filter ("sessies in utrecht", "sessions for september"). */
const fillers = new Set([
  "in",
  "te",
  "op",
  "bij",
  "rond",
  "near",
  "for",
  "the",
  "de",
  "het",
  "een",
  "van",
  "of",
  "all",
  "alle",
  "sessies",
  "sessions",
]);

/** Courtesy around what is asked ("ik wil me graag inschrijven voor utrecht"): left out, it changes nothing. */
const courtesy = new Set([
  "ik",
  "wil",
  "zou",
  "me",
  "mij",
  "zich",
  "graag",
  "alstublieft",
  "aub",
  "svp",
  "please",
  "pls",
  "i",
  "want",
  "would",
  "like",
  "to",
  "voor",
  "for",
  "dank",
  "bedankt",
  "thanks",
]);

type Category = keyof typeof words;

/** The category of a word: an exact match anywhere wins over a near one ("afmelden" is not "aanmelden"). */
function classify(word: string): Category | undefined {
  const categories = Object.keys(words) as Category[];
  return categories.find((c) => words[c].includes(word)) ?? categories.find((c) => matchesWord(word, words[c]));
}

/** Understands what a member typed, in Dutch or English, tolerant of case, accents and small typos. */
export function parseIntent(text: string): Intent {
  const normal = normalize(text);
  const all = normal.split(" ").filter(Boolean);
  // Nothing at all is a hello (the welcome); something with no words in it (emoji only) is not understood.
  if (!all.length) {
    if (!text.trim()) return { kind: "help", greeting: true };
    return text.includes("?") ? { kind: "help", greeting: false } : { kind: "unknown" };
  }
  const start = all.findIndex((token) => !courtesy.has(token));
  const tokens = start < 0 ? all : all.slice(start);
  const [first = "", second = ""] = tokens;
  if (first === "sign" && second === "up") return { kind: "signup", ...idFrom(tokens.slice(2)) };
  if (first === "show" && classify(second) === "list") return listIntent(tokens.slice(2));
  switch (classify(first)) {
    case "english":
      return tokens.length <= 2 ? { kind: "locale", locale: "en" } : { kind: "unknown" };
    case "dutch":
      return tokens.length <= 2 ? { kind: "locale", locale: "nl" } : { kind: "unknown" };
    case "mine":
      return { kind: "mine" };
    case "signup":
      return { kind: "signup", ...idFrom(tokens.slice(1)) };
    case "cancel":
      return { kind: "cancel", ...idFrom(tokens.slice(1)) };
    case "list":
      return listIntent(tokens.slice(1));
    case "help":
      return { kind: "help", greeting: false };
    case "greeting":
      return { kind: "help", greeting: true };
    case undefined:
      return { kind: "unknown" };
  }
}

function listIntent(rest: string[]): Intent {
  const filter = rest.filter((token) => !fillers.has(token));
  return filter.length ? { kind: "list", filter: filter.join(" ") } : { kind: "list" };
}

/** What follows "aanmelden": a session id, or words that find sessions ("utrecht", "den haag"). */
function idFrom(rest: string[]): { sessionId?: string } {
  const words = rest.filter((token) => !fillers.has(token) && !courtesy.has(token));
  return words.length ? { sessionId: words.join(" ") } : {};
}
