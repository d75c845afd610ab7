import type { Locale } from "../contract.js";

const nl = {
  summaryTitle: "Uw gegevens bij Spreekuur",
  summary: (profile: string, signups: number, waitlisted: number, messages: number, other: number) =>
    [
      "Dit is wat Spreekuur over u bewaart:",
      `• Profiel: ${profile}`,
      `• Aanmeldingen: ${signups}${waitlisted ? ` (waarvan ${waitlisted} op de wachtlijst)` : ""}`,
      `• Berichten van de bot aan u: ${messages}`,
      ...(other ? [`• Overige gegevens (enquêtes, peilingen, reactierondes, sessieleiding): ${other}`] : []),
      "Het volledige overzicht staat in het bijgevoegde bestand. Typ **verwijder mijn gegevens** om alles te laten verwijderen.",
    ].join("\n"),
  profile: (name: string | null, role: string | null, locale: string | null) =>
    `naam op de presentielijst ${name ? `"${name}"` : "(niet opgegeven)"}, rol ${role ?? "(niet opgegeven)"}, taal ${locale ?? "standaard"}`,
  eraseQuestion:
    "Wilt u dat Spreekuur al uw gegevens verwijdert? Uw aanmeldingen worden dan geannuleerd en uw plaats gaat naar de wachtlijst. Dit kan niet ongedaan worden gemaakt.",
  eraseYes: "Ja, verwijder alles",
  eraseNo: "Nee, bewaren",
  erased:
    "Uw gegevens zijn verwijderd en uw aanmeldingen geannuleerd. Stuurt u mij later weer een bericht, dan begin ik opnieuw.",
  kept: "Er is niets verwijderd.",
};

export type PrivacyTexts = typeof nl;

const en: PrivacyTexts = {
  summaryTitle: "Your data in Spreekuur",
  summary: (profile, signups, waitlisted, messages, other) =>
    [
      "This is what Spreekuur stores about you:",
      `• Profile: ${profile}`,
      `• Sign-ups: ${signups}${waitlisted ? ` (${waitlisted} on a waitlist)` : ""}`,
      `• Messages the bot sent you: ${messages}`,
      ...(other ? [`• Other data (surveys, polls, consultation rounds, session leading): ${other}`] : []),
      "The full overview is in the attached file. Type **delete my data** to have all of it removed.",
    ].join("\n"),
  profile: (name, role, locale) =>
    `name on the roster ${name ? `"${name}"` : "(not given)"}, role ${role ?? "(not given)"}, language ${locale ?? "default"}`,
  eraseQuestion:
    "Do you want Spreekuur to delete all your data? Your sign-ups will be cancelled and your places go to the waitlist. This cannot be undone.",
  eraseYes: "Yes, delete everything",
  eraseNo: "No, keep it",
  erased: "Your data has been deleted and your sign-ups cancelled. If you message me again later, I start afresh.",
  kept: "Nothing was deleted.",
};

export function privacyTexts(locale: Locale): PrivacyTexts {
  return locale === "en" ? en : nl;
}
