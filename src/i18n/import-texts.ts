import type { Locale } from "../contract.js";
import type { NotCsv } from "../types.js";

// What the session import says about a file as a whole (the per-row reasons are in the row checks).

const nl = {
  nothingImported: (file: string) => `Niets geïmporteerd uit ${file}:`,
  notCsv: {
    xlsx: "dit is een Excel-werkmap: sla op als CSV (Bestand > Opslaan als > CSV (gescheiden door lijstscheidingsteken)) en importeer dat bestand.",
    xls: "dit is een Excel-werkmap (.xls): sla op als CSV (Bestand > Opslaan als > CSV (gescheiden door lijstscheidingsteken)) en importeer dat bestand.",
    binary: "dit is geen tekstbestand (CSV). Sla het op als CSV en importeer dat bestand.",
  } satisfies Record<NotCsv, string>,
  andMore: (count: number) => `… en nog ${count} ${count === 1 ? "fout" : "fouten"}.`,
  warningsHeader: "Let op:",
  moreWarnings: (count: number) => `… en nog ${count}.`,
};

type ImportTexts = typeof nl;

const en: ImportTexts = {
  nothingImported: (file) => `Nothing imported from ${file}:`,
  notCsv: {
    xlsx: "this is an Excel workbook: save it as CSV (File > Save As > CSV) and import that file.",
    xls: "this is an Excel workbook (.xls): save it as CSV (File > Save As > CSV) and import that file.",
    binary: "this is not a text (CSV) file. Save it as CSV and import that file.",
  },
  andMore: (count) => `… and ${count} more ${count === 1 ? "problem" : "problems"}.`,
  warningsHeader: "Note:",
  moreWarnings: (count) => `… and ${count} more.`,
};

const catalog: Record<Locale, ImportTexts> = { nl, en };

export function importTexts(locale: Locale): ImportTexts {
  return catalog[locale];
}
