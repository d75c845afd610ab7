import type { Locale } from "../contract.js";

// Texts only the Teams cards need, in Dutch (the default) and English.

const nl = {
  addToCalendar: "Zet in agenda",
  download: (filename: string) => `Download ${filename}`,
  fieldRequired: "Vul dit veld in.",
};

export type TeamsTexts = typeof nl;

const en: TeamsTexts = {
  addToCalendar: "Add to calendar",
  download: (filename) => `Download ${filename}`,
  fieldRequired: "Please fill in this field.",
};

export function teamsTexts(locale: Locale): TeamsTexts {
  return locale === "en" ? en : nl;
}
