import type { Locale } from "../contract.js";

// Texts of consent and quiet: `stop`, `start`, the one line a first unsolicited message carries, and the count in
// a broadcast's delivery report. Formal "u".

const nl = {
  stopped:
    "U krijgt geen berichten, peilingen en enquêteherinneringen meer van Spreekuur. Bevestigingen van uw eigen aanmeldingen en herinneringen aan uw sessies komen nog wel. Typ `start` als u weer berichten wilt.",
  alreadyStopped: "U krijgt al geen berichten, peilingen en enquêteherinneringen meer. Typ `start` als u ze weer wilt.",
  started:
    "U krijgt weer berichten, peilingen en enquêteherinneringen van Spreekuur. Typ `stop` als u ze niet meer wilt.",
  stopHint:
    "U krijgt dit bericht van Spreekuur, de aanmeldbot voor de denksessies van uw vereniging. Typ `stop` als u geen berichten meer wilt.",
  optedOutInReport: (count: number) => `${count} afgemeld voor berichten (niet verstuurd)`,
};

type ConsentTexts = typeof nl;

const en: ConsentTexts = {
  stopped:
    "You will get no more messages, polls or survey reminders from Spreekuur. Confirmations of your own sign-ups and reminders of your sessions still come. Type `start` if you want messages again.",
  alreadyStopped: "You already get no messages, polls or survey reminders. Type `start` if you want them again.",
  started:
    "You will get messages, polls and survey reminders from Spreekuur again. Type `stop` if you no longer want them.",
  stopHint:
    "You get this message from Spreekuur, the sign-up bot for your association's discussion sessions. Type `stop` if you want no more messages.",
  optedOutInReport: (count) => `${count} opted out of messages (not sent)`,
};

const catalog: Record<Locale, ConsentTexts> = { nl, en };

export function consentTexts(locale: Locale): ConsentTexts {
  return catalog[locale];
}
