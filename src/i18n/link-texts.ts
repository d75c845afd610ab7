import type { Locale } from "../contract.js";

// The labels of link buttons to attachments (signed links: the calendar invite, a file), in Dutch and English.
// Teams always links attachments; Slack links the calendar invite when the bot has a public address.

const nl = {
  addToCalendar: "Zet in agenda",
  download: (filename: string) => `Download ${filename}`,
};

type LinkTexts = typeof nl;

const en: LinkTexts = {
  addToCalendar: "Add to calendar",
  download: (filename) => `Download ${filename}`,
};

export function linkTexts(locale: Locale): LinkTexts {
  return locale === "en" ? en : nl;
}
