import type { Locale } from "../contract.js";
import { formatDateTime } from "../i18n/dates.js";
import { type SurveyPollTexts, surveyPollTexts } from "../i18n/survey-poll-texts.js";

/** How to speak to one reader about surveys and polls: their language and the bot's zone. */
export interface SpView {
  locale: Locale;
  zone: string;
  t: SurveyPollTexts;
  when(epochMs: number): string;
}

export function spView(locale: Locale, zone: string): SpView {
  return { locale, zone, t: surveyPollTexts(locale), when: (ms) => formatDateTime(ms, zone, locale) };
}
