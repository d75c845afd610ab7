// The name a member gives for the session leader's roster. It is shown beside other members' names, so nothing in
// it may change how the text around it reads: no control or format characters (a right-to-left override can make
// "Jansen" read as another member's name), no stacks of combining marks, and at least one letter.

const rosterNameLength = { min: 2, max: 80 } as const;

export type RosterNameCheck = { ok: true; name: string } | { ok: false; name: string; reason: "no_letter" | "length" };

const printableAscii = /^[\x20-\x7e]*$/;

/**
 * Control characters (\p{Cc}) become spaces; format characters (\p{Cf}: the bidi marks, embeddings, overrides and
 * isolates U+200E/F, U+202A–E, U+2066–9, zero-width space/joiners, BOM, soft hyphen) are removed. Then NFC,
 * at most two combining marks in a row (no "Zalgo" stacks over the neighbouring lines), whitespace collapsed.
 */
function cleanRosterName(raw: string | undefined): string {
  // Printable ASCII has no control, format or combining characters, and NFC leaves it as it is.
  if (raw !== undefined && printableAscii.test(raw)) return raw.replace(/ {2,}/g, " ").trim();
  return (raw ?? "")
    .replace(/\p{Cc}/gu, " ")
    .replace(/\p{Cf}/gu, "")
    .normalize("NFC")
    .replace(/(\p{M}{2})\p{M}+/gu, "$1")
    .replace(/\s+/gu, " ")
    .trim();
}

/** Cleans the name, then requires a letter and 2–80 characters (counted as code points, as the member sees them). */
export function checkRosterName(raw: string | undefined): RosterNameCheck {
  const name = cleanRosterName(raw);
  // Something typed but no letter left (emoji, digits, invisible characters): say what a name needs.
  if (!/\p{L}/u.test(name)) return { ok: false, name, reason: (raw ?? "").trim() ? "no_letter" : "length" };
  const length = [...name].length;
  if (length < rosterNameLength.min || length > rosterNameLength.max) return { ok: false, name, reason: "length" };
  return { ok: true, name };
}
