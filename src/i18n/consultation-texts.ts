import type { Locale } from "../contract.js";

// Texts of consultation rounds (reactierondes), Dutch first with the formal "u"; English has the same shape.

const nl = {
  title: "Reactieronde",
  yourReaction: "Uw reactie",
  invite: (title: string) => `De werkgroepen vragen uw reactie op de conceptkaders: "${title}".`,
  inviteHow: "Reageer per kerntaak in uw eigen woorden; u kunt een concept bewaren en wijzigen tot de sluiting.",
  reminder: (title: string, when: string) =>
    `Herinnering: uw reactie op "${title}" is nog niet ingediend. De reactieronde sluit op ${when}.`,
  reminderAnonymous: 'Uw concept staat op de kaart "Uw reactie" eerder in dit gesprek.',
  draftLink: (url: string) => `Concept: ${url}`,
  closesAt: (when: string) => `Sluit op ${when}.`,
  namedNote: "Op naam: de organisatoren zien uw naam (zoals op de presentielijst) bij uw reactie.",
  anonymousNote:
    "Anoniem: niemand, ook de organisatoren niet, kan uw reactie aan u koppelen. Alleen met deze kaart in uw chat kunt u uw reactie wijzigen; bewaar haar dus.",
  inviteAnonymousNote: "Anoniem: niemand, ook de organisatoren niet, kan uw reactie aan u koppelen.",
  buttonReact: "Reageren",
  buttonSubmit: "Indienen",
  buttonStartOver: "Opnieuw beginnen",
  save: "Opslaan als concept",
  partDone: (filled: number, total: number) => `${filled} van ${total} beantwoord`,
  stateDraft: (until: string) => `Concept, nog niet ingediend. U kunt wijzigen tot ${until}.`,
  stateNew: (until: string) => `Nog niets opgeslagen. U kunt reageren tot ${until}.`,
  stateSubmitted: (at: string, until: string) => `Ingediend op ${at}. U kunt nog wijzigen tot ${until}.`,
  formTitle: (n: number, total: number) => `Reactie ${n} van ${total}`,
  saved: "Opgeslagen als concept.",
  savedSubmitted: "Uw wijziging is opgeslagen; uw reactie blijft ingediend.",
  submitted: "Dank u wel, uw reactie is ingediend.",
  alreadySubmitted: "Uw reactie was al ingediend.",
  submittedElsewhere:
    'U heeft in deze reactieronde al een reactie ingediend. Wijzigen kan op de kaart "Uw reactie" eerder in dit gesprek.',
  empty: "Beantwoord ten minste één vraag voordat u indient.",
  tooLong: (max: number) => `Hoogstens ${max} tekens.`,
  startedElsewhere:
    'U bent al aan een reactie begonnen. Die staat op de kaart "Uw reactie" eerder in dit gesprek; alleen daarmee kunt u haar wijzigen. U kunt ook opnieuw beginnen: een concept dat u niet indient, vervalt bij de sluiting.',
  closed: (since: string) => `Deze reactieronde is gesloten sinds ${since}; er worden geen reacties meer aangenomen.`,
  notYetOpen: (when: string) => `Deze reactieronde opent op ${when}.`,
  notForYou: "Deze reactieronde is niet voor u bedoeld.",
  unknown: "Die reactieronde ken ik niet.",
  noneOpen: "Er staat op dit moment geen reactieronde voor u open.",
  openRounds: (n: number) => `Er staan ${n} reactierondes voor u open.`,
  // Organisers
  listTitle: "Reactierondes",
  listNone: "Er zijn nog geen reactierondes.",
  status: { scheduled: "gepland", open: "open", closed: "gesloten" } as Record<string, string>,
  listLine: (opens: string, closes: string, started: number, submitted: number) =>
    `${opens} – ${closes} · begonnen ${started} · ingediend ${submitted}`,
  anonymousLabel: "anoniem",
  namedLabel: "op naam",
  buttonNew: "Nieuwe reactieronde",
  buttonExport: "Exporteren (CSV)",
  buttonClose: "Sluiten",
  closeQuestion: (title: string) =>
    `De reactieronde "${title}" nu sluiten? Daarna worden geen reacties meer aangenomen; concepten die niet zijn ingediend, vervallen.`,
  buttonCloseConfirm: "Ja, nu sluiten",
  buttonKeepOpen: "Nee, open laten",
  keptOpen: "De reactieronde blijft open.",
  closedByYou: (title: string, submitted: number) =>
    `De reactieronde "${title}" is gesloten: ${submitted} ${submitted === 1 ? "reactie" : "reacties"} ingediend.`,
  alreadyClosed: "Deze reactieronde was al gesloten.",
  exportReady: (title: string) => `De reacties op "${title}" als CSV.`,
  formNew: "Nieuwe reactieronde",
  formSubmit: "Aanmaken",
  fieldTitle: "Titel",
  fieldDraft: (task: string) => `Link naar het concept: ${task} (https://…; leeg: deze kerntaak niet vragen)`,
  fieldAudience: "Doelgroep",
  fieldOpens: "Opent (dd-mm-jjjj uu:mm)",
  fieldCloses: "Sluit (dd-mm-jjjj uu:mm)",
  fieldAnonymous: "Op naam of anoniem",
  audienceAll: "Iedereen",
  optionNamed: "Op naam",
  optionAnonymous: "Anoniem",
  errors: {
    required: "Vul dit in.",
    tooLong: "Te lang (hoogstens 150 tekens).",
    url: "Geef een https-link.",
    noTask: "Geef voor ten minste één kerntaak een link naar het concept.",
    dateTime: "Gebruik dd-mm-jjjj uu:mm, bijvoorbeeld 14-09-2027 09:00.",
    closesAfterOpens: "Moet na het openen liggen.",
    closesInPast: "Moet in de toekomst liggen.",
    audience: "Kies een doelgroep.",
    choice: "Kies op naam of anoniem.",
  },
  created: (title: string, opens: string, closes: string) =>
    `De reactieronde "${title}" is aangemaakt: open van ${opens} tot ${closes}.`,
  closedNote: (title: string, submitted: number) =>
    `Reactieronde "${title}" gesloten: ${submitted} ${submitted === 1 ? "reactie" : "reacties"} ingediend.`,
  formatBroken: "Het formaat van de kerntaken is onbruikbaar; de beheerder is op de hoogte.",
};

export type ConsultationTexts = typeof nl;
export type ConsultationErrorKey = keyof ConsultationTexts["errors"];

const en: ConsultationTexts = {
  title: "Consultation round",
  yourReaction: "Your reaction",
  invite: (title: string) => `The working groups ask for your reaction to the draft frameworks: "${title}".`,
  inviteHow: "React per core task in your own words; you can save a draft and change it until the close.",
  reminder: (title: string, when: string) =>
    `Reminder: your reaction to "${title}" has not been submitted yet. The round closes on ${when}.`,
  reminderAnonymous: 'Your draft is on the card "Your reaction" earlier in this chat.',
  draftLink: (url: string) => `Draft: ${url}`,
  closesAt: (when: string) => `Closes on ${when}.`,
  namedNote: "Named: the organisers see your name (as on the roster) with your reaction.",
  anonymousNote:
    "Anonymous: nobody, the organisers included, can link your reaction to you. Only with this card in your chat can you change your reaction, so keep it.",
  inviteAnonymousNote: "Anonymous: nobody, the organisers included, can link your reaction to you.",
  buttonReact: "React",
  buttonSubmit: "Submit",
  buttonStartOver: "Start over",
  save: "Save as draft",
  partDone: (filled: number, total: number) => `${filled} of ${total} answered`,
  stateDraft: (until: string) => `Draft, not submitted yet. You can change it until ${until}.`,
  stateNew: (until: string) => `Nothing saved yet. You can react until ${until}.`,
  stateSubmitted: (at: string, until: string) => `Submitted on ${at}. You can still change it until ${until}.`,
  formTitle: (n: number, total: number) => `Reaction ${n} of ${total}`,
  saved: "Saved as a draft.",
  savedSubmitted: "Your change is saved; your reaction stays submitted.",
  submitted: "Thank you, your reaction has been submitted.",
  alreadySubmitted: "Your reaction had already been submitted.",
  submittedElsewhere:
    'You already submitted a reaction in this round. You can change it on the card "Your reaction" earlier in this chat.',
  empty: "Answer at least one question before you submit.",
  tooLong: (max: number) => `At most ${max} characters.`,
  startedElsewhere:
    'You already started a reaction. It is on the card "Your reaction" earlier in this chat; only with that card can you change it. You can also start over: a draft you do not submit lapses at the close.',
  closed: (since: string) => `This consultation round has been closed since ${since}; no more reactions are accepted.`,
  notYetOpen: (when: string) => `This consultation round opens on ${when}.`,
  notForYou: "This consultation round is not meant for you.",
  unknown: "I do not know that consultation round.",
  noneOpen: "There is no consultation round open for you at the moment.",
  openRounds: (n: number) => `There are ${n} consultation rounds open for you.`,
  listTitle: "Consultation rounds",
  listNone: "There are no consultation rounds yet.",
  status: { scheduled: "scheduled", open: "open", closed: "closed" },
  listLine: (opens: string, closes: string, started: number, submitted: number) =>
    `${opens} – ${closes} · started ${started} · submitted ${submitted}`,
  anonymousLabel: "anonymous",
  namedLabel: "named",
  buttonNew: "New consultation round",
  buttonExport: "Export (CSV)",
  buttonClose: "Close",
  closeQuestion: (title: string) =>
    `Close the consultation round "${title}" now? No reactions are accepted after; drafts not submitted lapse.`,
  buttonCloseConfirm: "Yes, close now",
  buttonKeepOpen: "No, keep it open",
  keptOpen: "The consultation round stays open.",
  closedByYou: (title: string, submitted: number) =>
    `The consultation round "${title}" is closed: ${submitted} ${submitted === 1 ? "reaction" : "reactions"} submitted.`,
  alreadyClosed: "This consultation round was closed already.",
  exportReady: (title: string) => `The reactions to "${title}" as CSV.`,
  formNew: "New consultation round",
  formSubmit: "Create",
  fieldTitle: "Title",
  fieldDraft: (task: string) => `Link to the draft: ${task} (https://…; empty: do not ask about this core task)`,
  fieldAudience: "Audience",
  fieldOpens: "Opens (dd-mm-yyyy hh:mm)",
  fieldCloses: "Closes (dd-mm-yyyy hh:mm)",
  fieldAnonymous: "Named or anonymous",
  audienceAll: "Everyone",
  optionNamed: "Named",
  optionAnonymous: "Anonymous",
  errors: {
    required: "Please fill this in.",
    tooLong: "Too long (at most 150 characters).",
    url: "Give an https link.",
    noTask: "Give a link to the draft for at least one core task.",
    dateTime: "Use dd-mm-yyyy hh:mm, for example 14-09-2027 09:00.",
    closesAfterOpens: "Must be after the opening.",
    closesInPast: "Must be in the future.",
    audience: "Choose an audience.",
    choice: "Choose named or anonymous.",
  },
  created: (title: string, opens: string, closes: string) =>
    `The consultation round "${title}" has been created: open from ${opens} until ${closes}.`,
  closedNote: (title: string, submitted: number) =>
    `Consultation round "${title}" closed: ${submitted} ${submitted === 1 ? "reaction" : "reactions"} submitted.`,
  formatBroken: "The core tasks' format is unusable; the administrator has been told.",
};

export function consultationTexts(locale: Locale): ConsultationTexts {
  return locale === "en" ? en : nl;
}
