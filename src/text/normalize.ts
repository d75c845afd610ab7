/** Lower case, accents removed, punctuation to spaces, whitespace collapsed: how we compare what people type. */
export function normalize(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/[^\p{Letter}\p{Number}\s:-]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}
