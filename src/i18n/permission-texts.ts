import type { Locale } from "../contract.js";

// The one refusal the router answers when someone may not use an action or a text command. Formal "u".

type Refused = "organiser" | "leader";

const refusals: Record<Locale, Record<Refused, string>> = {
  nl: {
    organiser: "Dat kan alleen een organisator. Neem contact op met de vereniging als u denkt dat dit niet klopt.",
    leader:
      "Dit kan alleen de sessieleider van deze denksessie. Denkt u dat dit niet klopt? Neem dan contact op met de organisatie.",
  },
  en: {
    organiser: "Only an organiser can do that. Please contact the association if you think this is wrong.",
    leader: "Only the leader of this session can do that. If you think this is wrong, please contact the organisers.",
  },
};

/** The refusal for someone who is not the organiser or the session's leader that `needed` asks for. */
export function refusalText(locale: Locale, needed: Refused): string {
  return refusals[locale][needed];
}

const otherWorkspace: Record<Locale, string> = {
  nl: "Dit account hoort bij een andere werkruimte dan waar dit bericht vandaan komt. Er is niets gedaan.",
  en: "This account belongs to another workspace than the one this message came from. Nothing was done.",
};

/** A request names an account of workspace A but comes from workspace B (a forged or misrouted payload). */
export function otherWorkspaceText(locale: Locale): string {
  return otherWorkspace[locale];
}
