import type { Locale } from "../contract.js";

// Texts of the delivery engine: session reminders and announcements. Formal "u" in Dutch.

const nl = {
  reminder: (title: string, when: string, where: string) =>
    `Herinnering: u bent aangemeld voor ${title}, ${when} in ${where}. Kunt u toch niet? Meld u dan af, dan gaat uw plaats naar de wachtlijst.`,
  reminderTitle: "Herinnering denksessie",
  announcement: (title: string) => `Nieuwe denksessie: ${title}. Meld u aan met de knop hieronder.`,
};

export type DeliveryTexts = typeof nl;

const en: DeliveryTexts = {
  reminder: (title, when, where) =>
    `Reminder: you are signed up for ${title}, ${when} in ${where}. Can you not make it after all? Please cancel, so your place goes to the waitlist.`,
  reminderTitle: "Session reminder",
  announcement: (title) => `New discussion session: ${title}. Sign up with the button below.`,
};

const catalog: Record<Locale, DeliveryTexts> = { nl, en };

export function deliveryTexts(locale: Locale): DeliveryTexts {
  return catalog[locale];
}
