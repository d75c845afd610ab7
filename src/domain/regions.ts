import { normalize } from "../text/normalize.js";

/** The twelve provinces: a session's region. */
export const provinces = [
  "Groningen",
  "Friesland",
  "Drenthe",
  "Overijssel",
  "Flevoland",
  "Gelderland",
  "Utrecht",
  "Noord-Holland",
  "Zuid-Holland",
  "Zeeland",
  "Noord-Brabant",
  "Limburg",
] as const;

const aliases: Record<string, string> = { fryslan: "Friesland", brabant: "Noord-Brabant" };

/** The canonical province for a name, tolerant of case, accents and hyphens. */
export function canonicalProvince(name: string): string | undefined {
  const key = normalize(name).replace(/[\s-]+/g, "");
  return provinces.find((p) => normalize(p).replace(/-/g, "") === key) ?? aliases[key];
}
