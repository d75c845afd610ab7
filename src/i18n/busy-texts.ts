import type { Locale } from "../contract.js";

// The answer when another process holds the database's write lock: nothing was done, the member may click again.

const busy: Record<Locale, string> = {
  nl: "De database is even bezet; probeer het zo nog eens.",
  en: "The database is busy for a moment; please try again shortly.",
};

export function busyText(locale: Locale): string {
  return busy[locale];
}
