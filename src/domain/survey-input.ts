import { parseLocalDateTime } from "../time/local-time.js";
import { toCron } from "../time/schedule.js";
import { type Audience, parseMemberAudience } from "./audience.js";
import { cleanLine, type FieldErrors, parseYesNo, type Validated } from "./form-input.js";

export const SurveyFields = {
  title: "title",
  url: "url",
  opens: "opens",
  closes: "closes",
  audience: "audience",
  reminders: "reminders",
  maxReminders: "max_reminders",
  personalLinks: "personal_links",
} as const;

export interface SurveyDraft {
  title: string;
  url: string;
  opensAt: number;
  closesAt: number;
  audience: Audience;
  reminderCron: string | null;
  maxReminders: number;
  personalLinks: boolean;
}

/** Validates a campaign from form fields (chat) or options (CLI), keyed by `SurveyFields`. */
export function validateSurvey(fields: Record<string, string | undefined>, zone: string): Validated<SurveyDraft> {
  const errors: FieldErrors = {};
  const title = cleanLine(fields[SurveyFields.title]);
  if (!title) errors.title = "required";
  else if (title.length > 150) errors.title = "tooLong";
  const url = cleanLine(fields[SurveyFields.url]);
  let validUrl = false;
  try {
    validUrl = new URL(url).protocol === "https:";
  } catch {}
  if (!validUrl) errors.url = "url";
  const opensAt = parseLocalDateTime(fields[SurveyFields.opens] ?? "", zone);
  if (opensAt === undefined) errors.opens = "dateTime";
  const closesAt = parseLocalDateTime(fields[SurveyFields.closes] ?? "", zone);
  if (closesAt === undefined) errors.closes = "dateTime";
  else if (opensAt !== undefined && closesAt <= opensAt) errors.closes = "closesAfterOpens";
  const audience = parseMemberAudience(fields[SurveyFields.audience] ?? "all");
  if (!audience) errors.audience = "audience";
  const schedule = cleanLine(fields[SurveyFields.reminders]);
  const reminderCron = schedule ? toCron(schedule) : null;
  if (reminderCron === undefined) errors.reminders = "schedule";
  const maxText = cleanLine(fields[SurveyFields.maxReminders]) || (reminderCron ? "2" : "0");
  const maxReminders = Number(maxText);
  if (!/^\d+$/.test(maxText) || maxReminders > 10) errors.max_reminders = "number";
  const personalLinks = parseYesNo(fields[SurveyFields.personalLinks], false);
  if (personalLinks === undefined) errors.personal_links = "choice";
  if (
    Object.keys(errors).length > 0 ||
    opensAt === undefined ||
    closesAt === undefined ||
    !audience ||
    reminderCron === undefined ||
    personalLinks === undefined
  ) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    value: { title, url, opensAt, closesAt, audience, reminderCron, maxReminders, personalLinks },
  };
}
