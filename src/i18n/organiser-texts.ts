import type { Locale } from "../contract.js";

// What an organiser reads in their help and welcome: the words only they may use. Dutch first, formal "u".

const nl = {
  help: [
    "Als organisator kunt u ook:",
    "• **bericht versturen**: een bericht aan leden, een regio, een sessie of een kanaal, met eerst een voorbeeld",
    "• **rapport**: het bezorgrapport van het laatste bericht (**rapport 3** voor bericht 3)",
    "• **enquêtes**: enquêtes aanmaken en volgen",
    "• **peilingen**: peilingen aanmaken, volgen en sluiten",
    "• **verslagen**: welke gehouden sessies een verslag hebben",
    "• **reactierondes**: leden laten reageren op de conceptkaders, per kerntaak; volgen en exporteren",
    "• **dashboard**: een persoonlijke link naar het dashboard",
  ].join("\n"),
  buttonBroadcast: "Bericht versturen",
  buttonSurveys: "Enquêtes",
  buttonPolls: "Peilingen",
  buttonReports: "Verslagen",
  buttonConsultations: "Reactierondes",
  noBroadcast: 'Er is nog geen bericht verstuurd. Typ "bericht versturen" om er een op te stellen.',
};

export type OrganiserTexts = typeof nl;

const en: OrganiserTexts = {
  help: [
    "As an organiser you can also:",
    "• **send message**: a message to members, a region, a session or a channel, with a preview first",
    "• **report**: the delivery report of the last message (**report 3** for message 3)",
    "• **surveys**: create and follow surveys",
    "• **polls**: create, follow and close polls",
    "• **reports**: which sessions held have a report",
    "• **consultations**: let members react to the draft frameworks, per core task; follow and export",
    "• **dashboard**: a personal link to the dashboard",
  ].join("\n"),
  buttonBroadcast: "Send a message",
  buttonSurveys: "Surveys",
  buttonPolls: "Polls",
  buttonReports: "Session reports",
  buttonConsultations: "Consultation rounds",
  noBroadcast: 'No message has been sent yet. Type "send message" to write one.',
};

export function organiserTexts(locale: Locale): OrganiserTexts {
  return locale === "en" ? en : nl;
}
