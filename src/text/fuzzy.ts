import { distance } from "fastest-levenshtein";

/** How many typos we forgive in a word of this length. */
function tolerance(length: number): number {
  if (length >= 8) return 2;
  if (length >= 5) return 1;
  return 0;
}

/** Whether `word` is one of `candidates`, allowing small typos in longer words. */
export function matchesWord(word: string, candidates: readonly string[]): boolean {
  if (candidates.includes(word)) return true;
  const allowed = tolerance(word.length);
  return (
    allowed > 0 &&
    candidates.some((candidate) => distance(word, candidate) <= Math.min(allowed, tolerance(candidate.length)))
  );
}

/** The closest candidate within tolerance, if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = distance(word, candidate);
    if (d < bestDistance && d <= Math.min(tolerance(word.length), tolerance(candidate.length))) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
