import type { Locale } from "../contract.js";

// Texts only the Teams cards need, in Dutch (the default) and English (link labels: link-texts.ts).

const nl = {
  fieldRequired: "Vul dit veld in.",
};

export type TeamsTexts = typeof nl;

const en: TeamsTexts = {
  fieldRequired: "Please fill in this field.",
};

export function teamsTexts(locale: Locale): TeamsTexts {
  return locale === "en" ? en : nl;
}
