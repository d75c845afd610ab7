import type { Locale } from "../contract.js";

// The notice organisers get when a platform refuses the app itself (revoked token, bad credentials). Formal "u".

const nl = {
  pausedTitle: "Berichten gepauzeerd",
  /** The platform, and the workspace or tenant when there are several: "Slack (werkruimte Huisartsen Utrecht)". */
  where: (platform: string, workspace: string | undefined) =>
    workspace ? `${platform} (werkruimte ${workspace})` : platform,
  paused: (platform: string, reason: string, waiting: number) =>
    `Spreekuur kan op dit moment geen berichten versturen via ${platform}: ${platform} weigert de toegang van de app (${reason}). ` +
    `${waiting === 1 ? "Er wacht 1 bericht" : `Er wachten ${waiting} berichten`}; ze gaan vanzelf alsnog uit zodra de toegang ` +
    "hersteld is, bijvoorbeeld met een nieuw token of nieuwe inloggegevens van de bot. U hoeft niets opnieuw te versturen. " +
    "Geen enkel lid is als onbereikbaar gemarkeerd.",
};

export type DeliveryPauseTexts = typeof nl;

const en: DeliveryPauseTexts = {
  pausedTitle: "Messages paused",
  where: (platform, workspace) => (workspace ? `${platform} (workspace ${workspace})` : platform),
  paused: (platform, reason, waiting) =>
    `Spreekuur cannot send messages through ${platform} at the moment: ${platform} refuses the app's access (${reason}). ` +
    `${waiting === 1 ? "1 message is waiting" : `${waiting} messages are waiting`}; they go out by themselves once access is ` +
    "restored, for example with a new token or new bot credentials. You do not need to send anything again. " +
    "No member has been marked unreachable.",
};

export function deliveryPauseTexts(locale: Locale): DeliveryPauseTexts {
  return locale === "en" ? en : nl;
}
