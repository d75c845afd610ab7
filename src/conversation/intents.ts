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

/** Understands what a member typed, in Dutch or English, tolerant of case, accents and small typos. */
export function parseIntent(text: string): Intent {
  const normal = normalize(text.replace(/\?/g, " ? "));
  const tokens = normal.split(" ").filter(Boolean);
  const [first = "", second = ""] = tokens;
  if (!first) return { kind: "help", greeting: true };
  if (tokens.length <= 2 && matchesWord(first, words.english)) return { kind: "locale", locale: "en" };
  if (tokens.length <= 2 && matchesWord(first, words.dutch)) return { kind: "locale", locale: "nl" };
  if (matchesWord(first, words.mine)) return { kind: "mine" };
  if (first === "sign" && second === "up") return { kind: "signup", ...idFrom(tokens.slice(2)) };
  if (matchesWord(first, words.signup)) return { kind: "signup", ...idFrom(tokens.slice(1)) };
  if (matchesWord(first, words.cancel)) return { kind: "cancel", ...idFrom(tokens.slice(1)) };
  if (matchesWord(first, words.list) || (first === "show" && matchesWord(second, words.list))) {
    const rest = tokens.slice(first === "show" ? 2 : 1).filter((token) => !fillers.has(token));
    return rest.length ? { kind: "list", filter: rest.join(" ") } : { kind: "list" };
  }
  if (matchesWord(first, words.help)) return { kind: "help", greeting: false };
  if (matchesWord(first, words.greeting)) return { kind: "help", greeting: true };
  return { kind: "unknown" };
}

function idFrom(rest: string[]): { sessionId?: string } {
  const id = rest.find((token) => !fillers.has(token) && token !== "voor" && token !== "for");
  return id ? { sessionId: id } : {};
}
