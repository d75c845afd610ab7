import type { Locale } from "../contract.js";
import type { AudienceKind, AudienceProblem } from "../types.js";

// Texts of the organiser broadcast, in Dutch (default) and English. Formal "u".

const nl = {
  formTitle: "Bericht versturen",
  formIntro: "Stel uw bericht op. U ziet eerst een voorbeeld voordat er iets wordt verstuurd.",
  labelText: "Bericht",
  labelAudience: "Aan wie",
  labelRegion: "Regio (bij: Een regio)",
  labelAudienceSession: "Sessie (bij: Aangemeld voor een sessie, Op de wachtlijst)",
  labelAudienceArg: "Kanaal-id (bij: Een kanaal; leeg: dit kanaal)",
  labelSession: "Sessie aankondigen (optioneel)",
  labelSendAt: "Later versturen (bijv. 2027-06-02 09:00, optioneel)",
  labelUrgent: "Dringend (ook buiten kantoortijden)",
  yes: "Ja",
  no: "Nee",
  audience: {
    everyone: "Alle leden",
    region: "Een regio",
    session: "Aangemeld voor een sessie",
    waitlist: "Op de wachtlijst van een sessie",
    channel: "Een kanaal",
  } satisfies Record<AudienceKind, string>,
  problem: {
    region_unknown: "Die regio ken ik niet. Gebruik een provincie, bijvoorbeeld Utrecht of Noord-Brabant.",
    session_unknown: "Die sessie bestaat niet. Gebruik het sessie-id, bijvoorbeeld UT1.",
    channel_missing: "Vul het kanaal-id in.",
    kind_unknown: "Kies aan wie het bericht gaat.",
  } satisfies Record<AudienceProblem, string>,
  errorText: "Vul een bericht in (hoogstens 3000 tekens).",
  errorSendAt: "Gebruik de vorm 2027-06-02 09:00, in de toekomst.",
  previewTitle: "Voorbeeld",
  previewIntro: (recipients: number) =>
    `Zo ziet uw bericht eruit. Het gaat naar ${recipients === 1 ? "1 ontvanger" : `${recipients} ontvangers`}.`,
  labelRecipients: "Ontvangers",
  labelWhen: "Wanneer",
  now: "Nu (binnen kantoortijden, tenzij dringend)",
  confirm: "Versturen",
  discard: "Niet versturen",
  discarded: "Het bericht is niet verstuurd.",
  queued: (id: number, recipients: number) =>
    `Bericht ${id} staat klaar voor ${recipients === 1 ? "1 ontvanger" : `${recipients} ontvangers`}. Vraag het bezorgrapport op met "rapport ${id}".`,
  notFound: "Dat bericht ken ik niet.",
  reportTitle: (id: number) => `Bezorgrapport bericht ${id}`,
  report: (sent: number, waiting: number, failed: number, total: number) =>
    `Verstuurd: ${sent} · Wacht: ${waiting} · Mislukt: ${failed} (van ${total})`,
  nextAt: (when: string) => `Volgende verzending: ${when}.`,
  failuresHeader: "Redenen van mislukking:",
  workspacesHeader: "Per werkruimte:",
  workspaceLine: (where: string, sent: number, waiting: number, failed: number) =>
    `• ${where}: verstuurd ${sent} · wacht ${waiting} · mislukt ${failed}`,
  workspacePaused: (count: number, why: string) => ` · gepauzeerd ${count} (${why})`,
  unknownWorkspace: "onbekende werkruimte",
  pausedNote:
    "Gepauzeerde berichten wachten op de app zelf, niet op de leden: ze gaan vanzelf uit zodra de app daar weer " +
    "is geïnstalleerd of toegang heeft. U hoeft niets opnieuw te versturen; geen enkel lid is als onbereikbaar gemarkeerd.",
  pauseWords: {
    app_uninstalled: "app verwijderd uit de werkruimte",
    revoked: "toegang ingetrokken",
    expired: "toegang verlopen",
    missing_scope: "de app mist een toestemming",
    disabled: "app uitgeschakeld door de beheerder",
    refused: (code: string) => `toegang van de app geweigerd (${code})`,
  },
  buttonReport: "Bezorgrapport",
  buttonRefresh: "Vernieuwen",
  buttonResend: "Opnieuw versturen aan mislukte",
  resent: (count: number) => `${count === 1 ? "1 bericht" : `${count} berichten`} opnieuw in de wachtrij gezet.`,
};

export type BroadcastTexts = typeof nl;

const en: BroadcastTexts = {
  formTitle: "Send a message",
  formIntro: "Write your message. You will see a preview before anything is sent.",
  labelText: "Message",
  labelAudience: "To whom",
  labelRegion: "Region (for: A region)",
  labelAudienceSession: "Session (for: Signed up for a session, On a session's waitlist)",
  labelAudienceArg: "Channel id (for: A channel; empty: this channel)",
  labelSession: "Announce a session (optional)",
  labelSendAt: "Send later (e.g. 2027-06-02 09:00, optional)",
  labelUrgent: "Urgent (also outside office hours)",
  yes: "Yes",
  no: "No",
  audience: {
    everyone: "All members",
    region: "A region",
    session: "Signed up for a session",
    waitlist: "On a session's waitlist",
    channel: "A channel",
  },
  problem: {
    region_unknown: "I do not know that region. Use a province, e.g. Utrecht or Noord-Brabant.",
    session_unknown: "That session does not exist. Use the session id, e.g. UT1.",
    channel_missing: "Enter the channel id.",
    kind_unknown: "Choose who the message is for.",
  },
  errorText: "Enter a message (at most 3000 characters).",
  errorSendAt: "Use the form 2027-06-02 09:00, in the future.",
  previewTitle: "Preview",
  previewIntro: (recipients) =>
    `This is how your message looks. It goes to ${recipients === 1 ? "1 recipient" : `${recipients} recipients`}.`,
  labelRecipients: "Recipients",
  labelWhen: "When",
  now: "Now (within office hours unless urgent)",
  confirm: "Send",
  discard: "Do not send",
  discarded: "The message was not sent.",
  queued: (id, recipients) =>
    `Message ${id} is queued for ${recipients === 1 ? "1 recipient" : `${recipients} recipients`}. Ask for its delivery report with "report ${id}".`,
  notFound: "I do not know that message.",
  reportTitle: (id) => `Delivery report, message ${id}`,
  report: (sent, waiting, failed, total) => `Sent: ${sent} · Waiting: ${waiting} · Failed: ${failed} (of ${total})`,
  nextAt: (when) => `Next delivery: ${when}.`,
  failuresHeader: "Reasons for failure:",
  workspacesHeader: "Per workspace:",
  workspaceLine: (where, sent, waiting, failed) => `• ${where}: sent ${sent} · waiting ${waiting} · failed ${failed}`,
  workspacePaused: (count, why) => ` · paused ${count} (${why})`,
  unknownWorkspace: "unknown workspace",
  pausedNote:
    "Paused messages wait for the app itself, not for the members: they go out by themselves once the app is " +
    "installed there again or has its access back. You do not need to send anything again; no member has been marked unreachable.",
  pauseWords: {
    app_uninstalled: "app removed from the workspace",
    revoked: "access revoked",
    expired: "access expired",
    missing_scope: "the app lacks a permission",
    disabled: "app disabled by the administrator",
    refused: (code) => `the app's access refused (${code})`,
  },
  buttonReport: "Delivery report",
  buttonRefresh: "Refresh",
  buttonResend: "Resend to the failed",
  resent: (count) => `${count === 1 ? "1 message" : `${count} messages`} queued again.`,
};

const catalog: Record<Locale, BroadcastTexts> = { nl, en };

export function broadcastTexts(locale: Locale): BroadcastTexts {
  return catalog[locale];
}

/** A pause's code (`app_uninstalled`, `tokens_revoked`, `HTTP 403 BotDisabledByAdmin`) in words. */
export function pauseInWords(locale: Locale, code: string): string {
  const words = catalog[locale].pauseWords;
  const lower = code.toLowerCase();
  if (lower.includes("uninstalled")) return words.app_uninstalled;
  if (lower.includes("revoked")) return words.revoked;
  if (lower.includes("expired")) return words.expired;
  if (lower.includes("missing_scope")) return words.missing_scope;
  if (lower.includes("disabled")) return words.disabled;
  return words.refused(code);
}
