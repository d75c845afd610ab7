import type { Locale } from "../contract.js";
import type { Role } from "../types.js";
import { dashboardPageTexts } from "./dashboard-page-texts.js";

// The dashboard's consultation rounds page (the other pages' texts are in dashboard-page-texts.ts). Dutch first.

const nl = {
  title: "Reactierondes",
  none: "Er zijn nog geen reactierondes.",
  status: { scheduled: "Gepland", open: "Open", closed: "Gesloten" },
  anonymous: "Anoniem",
  named: "Op naam",
  period: (opens: string, closes: string) => `Van ${opens} tot ${closes}`,
  started: "Begonnen, niet ingediend",
  submitted: "Ingediend",
  byRole: "Per rol",
  coreTask: "Kerntaak",
  reactions: "Reacties",
  tasksOf: (title: string) => `Reacties per kerntaak: ${title}`,
  noReactions: "Nog geen ingediende reacties.",
  merged: (n: number) => `Rollen met minder dan ${n} reacties tellen samen als “overig”.`,
  // The role names the other pages use, and the export's merged group.
  roles: { ...dashboardPageTexts("nl").roles, overig: "Overig" } satisfies Record<Role | "unknown" | "overig", string>,
  exportCsv: (title: string) => `CSV downloaden: reacties op ${title}`,
  exportJson: (title: string) => `JSON downloaden: reacties op ${title}`,
  csv: "CSV downloaden",
  json: "JSON downloaden",
};

type DashboardConsultationTexts = typeof nl;

const en: DashboardConsultationTexts = {
  title: "Consultation rounds",
  none: "There are no consultation rounds yet.",
  status: { scheduled: "Scheduled", open: "Open", closed: "Closed" },
  anonymous: "Anonymous",
  named: "Named",
  period: (opens, closes) => `From ${opens} to ${closes}`,
  started: "Started, not submitted",
  submitted: "Submitted",
  byRole: "By role",
  coreTask: "Core task",
  reactions: "Reactions",
  tasksOf: (title) => `Reactions per core task: ${title}`,
  noReactions: "No submitted reactions yet.",
  merged: (n) => `Roles with fewer than ${n} reactions are counted together as “other groups”.`,
  roles: { ...dashboardPageTexts("en").roles, overig: "Other groups" },
  exportCsv: (title) => `Download CSV: reactions to ${title}`,
  exportJson: (title) => `Download JSON: reactions to ${title}`,
  csv: "Download CSV",
  json: "Download JSON",
};

const catalog: Record<Locale, DashboardConsultationTexts> = { nl, en };

export const dashboardConsultationTexts = (locale: Locale): DashboardConsultationTexts => catalog[locale];
