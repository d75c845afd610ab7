import { canonicalProvince } from "../domain/regions.js";
import { monthFromWord, monthOf } from "../i18n/dates.js";
import { closest } from "../text/fuzzy.js";
import { normalize } from "../text/normalize.js";
import type { SessionWithCounts } from "../types.js";

type Predicate = (session: SessionWithCounts) => boolean;

/**
 * Filters sessions by what follows "sessies": a city, a province, a month, or a combination ("utrecht september").
 * A name that is both a city and a province (Utrecht, Groningen) matches either. Undefined: the filter is not understood.
 */
export function filterSessions(
  sessions: SessionWithCounts[],
  filter: string,
  zone: string,
): SessionWithCounts[] | undefined {
  const cities = [...new Set(sessions.map((s) => normalize(s.city)))];
  const predicates: Predicate[] = [];
  let rest = normalize(filter);
  // Multi-word city names first ("den haag", "s hertogenbosch").
  for (const name of [...cities].sort((a, b) => b.length - a.length)) {
    if (name.includes(" ") && rest.includes(name)) {
      predicates.push((s) => normalize(s.city) === name);
      rest = rest.replace(name, " ").trim();
    }
  }
  for (const token of rest.split(" ").filter(Boolean)) {
    const month = monthFromWord(token);
    if (month !== undefined) {
      predicates.push((s) => monthOf(s.startsAt, zone) === month);
      continue;
    }
    const province = canonicalProvince(token);
    const city = cities.includes(token) ? token : province ? undefined : closest(token, cities);
    if (!province && !city) return undefined;
    predicates.push((s) => (province !== undefined && s.region === province) || normalize(s.city) === city);
  }
  return sessions.filter((s) => predicates.every((p) => p(s)));
}
