import type { Locale } from "../contract.js";

// Texts for sending a survey reminder now (organisers), in Dutch (default) and English. Formal "u".

const nl = {
  remindNowButton: "Herinnering nu versturen",
  remindedNow: (count: number) =>
    count === 1
      ? "Er gaat nu een herinnering naar 1 lid dat de enquête nog niet heeft ingevuld."
      : `Er gaat nu een herinnering naar ${count} leden die de enquête nog niet hebben ingevuld.`,
  remindNotOpen: "Deze enquête is niet open; herinneringen kunnen alleen tijdens de looptijd.",
};

export type SendNowTexts = typeof nl;

const en: SendNowTexts = {
  remindNowButton: "Send reminder now",
  remindedNow: (count) =>
    count === 1
      ? "A reminder goes out now to 1 member who has not filled in the survey yet."
      : `A reminder goes out now to ${count} members who have not filled in the survey yet.`,
  remindNotOpen: "This survey is not open; reminders are only possible while it runs.",
};

export function sendNowTexts(locale: Locale): SendNowTexts {
  return locale === "en" ? en : nl;
}
