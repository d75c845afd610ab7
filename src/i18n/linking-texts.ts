import type { Locale } from "../contract.js";

// Texts of linking one person's accounts (`koppel`, `ontkoppel`, `voorkeur`), Dutch first; English has the same shape.

const nl = {
  codeIssued: (code: string, minutes: number) =>
    `Uw koppelcode is ${code}. Typ binnen ${minutes} minuten \`koppel ${code}\` in Teams of Slack, waar u ook Spreekuur gebruikt. Dan weet Spreekuur dat beide accounts van u zijn en krijgt u elk bericht nog maar één keer.`,
  linked:
    "Uw accounts zijn gekoppeld. Uw aanmeldingen, taal en antwoorden op peilingen zijn samengevoegd; stond u twee keer op dezelfde sessie, dan telt de eerste aanmelding. Typ `voorkeur` met de naam van het platform (bijvoorbeeld `voorkeur teams`) om te kiezen waar u berichten krijgt, of `ontkoppel` om dit ongedaan te maken.",
  onlyDirect: "Een koppelcode geef ik alleen in uw privégesprek met Spreekuur. Stuur mij daar `koppel`.",
  wrong: "Deze code klopt niet. Typ `koppel` in uw andere account voor een nieuwe code.",
  expired:
    "Deze code is verlopen: een code is 10 minuten geldig. Typ `koppel` in uw andere account voor een nieuwe code.",
  sameMember: "Deze accounts zijn al gekoppeld.",
  locked: "U heeft te vaak een verkeerde code getypt. Probeer het over 10 minuten opnieuw.",
  codeUsage:
    "Typ `koppel` voor een koppelcode, en typ daarna in uw andere account `koppel` met de code van zes cijfers.",
  unlinked:
    "Dit account is ontkoppeld en staat nu op zichzelf. Uw aanmeldingen blijven bij uw andere account. Spreekuur koppelt dit account niet meer vanzelf via uw e-mailadres.",
  notLinked: "Dit account is niet aan een ander account gekoppeld.",
  preferred: (platform: string) => `Spreekuur stuurt uw berichten voortaan via ${platform}.`,
  preferUnknown: (platform: string, yours: string) =>
    `U heeft geen gekoppeld account op ${platform}. U kunt kiezen uit: ${yours}.`,
  preferUsage: (yours: string) =>
    `Typ \`voorkeur\` met de naam van het platform waar u berichten wilt krijgen: ${yours}.`,
};

export type LinkingTexts = typeof nl;

const en: LinkingTexts = {
  codeIssued: (code, minutes) =>
    `Your link code is ${code}. Within ${minutes} minutes, type \`koppel ${code}\` in Teams or Slack, wherever else you use Spreekuur. Spreekuur then knows both accounts are yours and sends you each message only once.`,
  linked:
    "Your accounts are linked. Your sign-ups, language and poll answers have been merged; if you were signed up twice for the same session, the first sign-up counts. Type `voorkeur` with the platform's name (for example `voorkeur teams`) to choose where you get messages, or `ontkoppel` to undo this.",
  onlyDirect: "I give a link code only in your direct chat with Spreekuur. Send me `koppel` there.",
  wrong: "This code is not right. Type `koppel` in your other account for a new code.",
  expired: "This code has expired: a code is valid for 10 minutes. Type `koppel` in your other account for a new code.",
  sameMember: "These accounts are already linked.",
  locked: "You typed a wrong code too often. Please try again in 10 minutes.",
  codeUsage: "Type `koppel` for a link code, then type `koppel` with the six-digit code in your other account.",
  unlinked:
    "This account is unlinked and stands on its own now. Your sign-ups stay with your other account. Spreekuur will no longer link this account by your e-mail address.",
  notLinked: "This account is not linked to another account.",
  preferred: (platform) => `Spreekuur will send your messages through ${platform} from now on.`,
  preferUnknown: (platform, yours) => `You have no linked account on ${platform}. You can choose from: ${yours}.`,
  preferUsage: (yours) => `Type \`voorkeur\` with the name of the platform where you want to get messages: ${yours}.`,
};

export function linkingTexts(locale: Locale): LinkingTexts {
  return locale === "en" ? en : nl;
}
