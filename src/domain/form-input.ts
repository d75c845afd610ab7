import type { SurveyPollTexts } from "../i18n/survey-poll-texts.js";

// Organiser input from a chat form or the CLI, validated in one place so both say the same.

type InputErrorKey = keyof SurveyPollTexts["errors"];
export type FieldErrors = Record<string, InputErrorKey>;
export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Control characters out, whitespace collapsed. */
export function cleanLine(text: string | undefined): string {
  return (text ?? "")
    .replace(/\p{Cc}/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export function parseYesNo(text: string | undefined, fallback: boolean): boolean | undefined {
  const value = cleanLine(text).toLowerCase();
  if (!value) return fallback;
  if (["ja", "yes", "y", "j", "true", "1"].includes(value)) return true;
  if (["nee", "no", "n", "false", "0"].includes(value)) return false;
  return undefined;
}

/** Field errors in English for the CLI. */
export function describeErrors(errors: FieldErrors, t: SurveyPollTexts): string {
  return Object.entries(errors)
    .map(([field, key]) => `  ${field}: ${t.errors[key]}`)
    .join("\n");
}
