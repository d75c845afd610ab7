import { parseLocalDateTime } from "../time/local-time.js";
import { toCron } from "../time/schedule.js";
import { type Audience, parseMemberAudience } from "./audience.js";
import { cleanLine, type FieldErrors, parseYesNo, type Validated } from "./form-input.js";

export const PollFields = {
  question: "question",
  options: "options",
  kind: "kind",
  anonymous: "anonymous",
  audience: "audience",
  at: "at",
  closes: "closes",
  schedule: "schedule",
  openHours: "open_hours",
  showRunning: "show_running",
  shareResults: "share_results",
} as const;

export type PollKind = "single" | "multiple" | "scale";
export const pollKinds: readonly PollKind[] = ["single", "multiple", "scale"];
const scaleOptions = ["1", "2", "3", "4", "5"];

export interface PollDraft {
  question: string;
  kind: PollKind;
  options: string[];
  anonymous: boolean;
  audience: Audience;
  startsAt: number;
  scheduleCron: string | null;
  openMs: number;
  /** Recurring polls: no round opens after this. */
  until: number | null;
  showRunning: boolean;
  shareResults: boolean;
}

/**
 * Validates a poll from form fields (chat), options or a JSON file (CLI). A once-poll closes at `closes` (or after
 * `open_hours`); a recurring poll opens a round at every schedule moment, each open for `open_hours`, until `closes`.
 */
export function validatePoll(
  fields: Record<string, string | undefined>,
  zone: string,
  now: number,
): Validated<PollDraft> {
  const errors: FieldErrors = {};
  const question = cleanLine(fields[PollFields.question]);
  if (!question) errors.question = "required";
  else if (question.length > 300) errors.question = "tooLong";
  const kind = (cleanLine(fields[PollFields.kind]) || "single") as PollKind;
  if (!pollKinds.includes(kind)) errors.kind = "kind";
  const options =
    kind === "scale"
      ? scaleOptions
      : (fields[PollFields.options] ?? "")
          .split(/\n|\|/)
          .map((o) => cleanLine(o))
          .filter(Boolean);
  if (
    options.length < 2 ||
    options.length > 10 ||
    new Set(options.map((o) => o.toLowerCase())).size !== options.length ||
    options.some((o) => o.length > 150)
  ) {
    errors.options = "options";
  }
  const anonymous = parseYesNo(fields[PollFields.anonymous], true);
  if (anonymous === undefined) errors.anonymous = "choice";
  const audience = parseMemberAudience(fields[PollFields.audience] ?? "all");
  if (!audience) errors.audience = "audience";
  const atText = cleanLine(fields[PollFields.at]);
  const startsAt = atText ? parseLocalDateTime(atText, zone) : now;
  if (startsAt === undefined) errors.at = "dateTime";
  const scheduleText = cleanLine(fields[PollFields.schedule]);
  const scheduleCron = scheduleText ? toCron(scheduleText) : null;
  if (scheduleCron === undefined) errors.schedule = "schedule";
  const closesText = cleanLine(fields[PollFields.closes]);
  const closes = closesText ? parseLocalDateTime(closesText, zone) : null;
  if (closes === undefined) errors.closes = "dateTime";
  else if (closes !== null && startsAt !== undefined && closes <= startsAt) errors.closes = "closesAfterOpens";
  const hoursText = cleanLine(fields[PollFields.openHours]);
  const hours = hoursText ? Number(hoursText) : undefined;
  if (hours !== undefined && (!Number.isFinite(hours) || hours < 1 || hours > 720)) errors.open_hours = "hours";
  if (!scheduleCron && closes === null && hours === undefined) errors.closes = "required";
  const showRunning = parseYesNo(fields[PollFields.showRunning], false);
  if (showRunning === undefined) errors.show_running = "choice";
  const shareResults = parseYesNo(fields[PollFields.shareResults], false);
  if (shareResults === undefined) errors.share_results = "choice";
  if (
    Object.keys(errors).length > 0 ||
    anonymous === undefined ||
    !audience ||
    startsAt === undefined ||
    scheduleCron === undefined ||
    closes === undefined ||
    showRunning === undefined ||
    shareResults === undefined
  ) {
    return { ok: false, errors };
  }
  const openMs =
    !scheduleCron && closes !== null
      ? closes - startsAt
      : hours !== undefined
        ? Math.round(hours * 3_600_000)
        : 86_400_000;
  return {
    ok: true,
    value: {
      question,
      kind,
      options,
      anonymous,
      audience,
      startsAt,
      scheduleCron,
      openMs,
      until: scheduleCron ? closes : null,
      showRunning,
      shareResults,
    },
  };
}
