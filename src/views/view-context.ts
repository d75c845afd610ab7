import type { Locale } from "../contract.js";
import { formatDateTime, yearOf } from "../i18n/dates.js";
import { type SurveyPollTexts, surveyPollTexts } from "../i18n/survey-poll-texts.js";
import { type Texts, texts } from "../i18n/texts.js";

/** How to speak to one reader, for every view and feature: their language, the bot's zone, the texts. */
export interface ViewContext {
  locale: Locale;
  zone: string;
  /** The reader's current year in the bot's zone: dates in another year carry theirs. */
  year: number;
  /** Sessions, sign-ups and help. */
  t: Texts;
  /** Surveys and polls. */
  sp: SurveyPollTexts;
  /** A moment as date and time, in the reader's language and the bot's zone. */
  dateTime(epochMs: number): string;
}

/** `now`: the moment the reader reads (the core's clock), which tells what "this year" is. */
export function viewContext(locale: Locale, zone: string, now: number): ViewContext {
  const year = yearOf(now, zone);
  // Each catalogue is one object per locale: picking both costs two look-ups.
  return {
    locale,
    zone,
    year,
    t: texts(locale),
    sp: surveyPollTexts(locale),
    dateTime: (epochMs) => formatDateTime(epochMs, zone, locale, year),
  };
}
