import { DateTime } from "luxon";
import { z } from "zod";
import { wallClockTime } from "../time/local-time.js";
import type { SessionInput } from "../types.js";
import { formatMemberKey, parseMemberKey } from "./member-key.js";
import { canonicalProvince, provinces } from "./regions.js";

// One session row of an import (CSV or JSON): its columns, the checks per field, and the checks across fields.

/** One problem with one row: where it is (CSV line or JSON item), which field, and why. */
export interface ImportProblem {
  line: number;
  field: string;
  reason: string;
}

const sessionColumns = [
  "id",
  "title",
  "date",
  "start_time",
  "end_time",
  "venue",
  "address",
  "city",
  "region",
  "leader",
  "capacity",
  "audience",
  "signup_deadline",
  "status",
  "notes",
  "leader_id",
] as const;

/** Columns a file may leave out; every other column must be in the header. */
const optionalColumns = new Set(["address", "audience", "signup_deadline", "status", "notes", "leader_id"]);
const requiredColumns = sessionColumns.filter((name) => !optionalColumns.has(name));

const required = (what: string) =>
  z
    .string({ message: `${what} is required` })
    .trim()
    .min(1, `${what} is required`);
const time = z
  .string({ message: "required, as HH:MM" })
  .trim()
  .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, "must be a time as HH:MM (24 hours), e.g. 19:30");

const audienceWords: Record<string, SessionInput["audience"]> = {
  huisarts: "huisarts",
  huisartsen: "huisarts",
  aios: "aios",
  both: "both",
  beide: "both",
  alle: "both",
  all: "both",
};

const rowSchema = z.object({
  id: required("id").regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, "use letters, digits, - and _ (at most 40)"),
  title: required("title").max(200, "at most 200 characters"),
  date: z
    .string({ message: "required, as YYYY-MM-DD" })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD, e.g. 2026-09-15"),
  start_time: time,
  end_time: time,
  venue: required("venue").max(200),
  address: z.string().trim().max(300).default(""),
  city: required("city").max(100),
  region: z.string({ message: "required" }).transform((value, ctx) => {
    const province = canonicalProvince(value);
    if (!province) ctx.addIssue({ code: "custom", message: `must be a province: ${provinces.join(", ")}` });
    return province ?? value;
  }),
  leader: required("leader").max(100),
  capacity: z
    .string({ message: "required" })
    .trim()
    .refine((value) => !/^\d+[.,]\d*[1-9]\d*$/.test(value), {
      message: "must be a whole number from 1 to 1000 (this one has a decimal part; Excel writes 20 as 20,0)",
    })
    // Dutch Excel writes a whole number as "20,0" when the cell has a decimal format: that is still 20.
    .regex(/^(\d+([.,]0*)?|)$/, "must be a whole number from 1 to 1000")
    .transform((value) => Number(value.replace(/[.,]0*$/, "")))
    .pipe(z.number().int().min(1, "must be at least 1").max(1000, "must be at most 1000")),
  audience: z
    .string()
    .trim()
    .toLowerCase()
    .default("both")
    .transform((value, ctx) => {
      const audience = audienceWords[value || "both"];
      if (!audience) ctx.addIssue({ code: "custom", message: "must be huisarts, aios or both" });
      return audience ?? "both";
    }),
  signup_deadline: z
    .string()
    .trim()
    .regex(/^(\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2})?)?$/, "must be YYYY-MM-DD or YYYY-MM-DD HH:MM")
    .default(""),
  status: z
    .string()
    .trim()
    .toLowerCase()
    .default("open")
    .transform((value, ctx) => {
      if (value === "" || value === "open") return "open" as const;
      if (value === "cancelled" || value === "canceled" || value === "geannuleerd") return "cancelled" as const;
      ctx.addIssue({ code: "custom", message: "must be open or cancelled" });
      return "open" as const;
    }),
  notes: z.string().trim().max(1000).default(""),
  /** Optional: the leader's chat user, linked so they see their roster and report in chat. */
  leader_id: z
    .string()
    .trim()
    .default("")
    .transform((value, ctx) => {
      if (!value) return "";
      const key = parseMemberKey(value);
      if (!key) ctx.addIssue({ code: "custom", message: "must be platform:userId, e.g. slack:U012AB3CD" });
      return key ? formatMemberKey(key) : value;
    }),
});

type Row = z.infer<typeof rowSchema>;

/** Checks the parts that depend on each other (times, deadline); returns the session or the problems. */
function toSession(row: Row, zone: string, problems: (field: string, reason: string) => void): SessionInput {
  const start = wallClockTime(row.date, row.start_time, zone);
  const end = wallClockTime(row.date, row.end_time, zone);
  if (!start.isValid) problems("date", `is not a real date (${row.date})`);
  else if (start.toFormat("HH:mm") !== row.start_time.padStart(5, "0")) {
    problems("start_time", `does not exist on ${row.date} in ${zone} (clocks change)`);
  }
  if (start.isValid && end.isValid && end <= start) problems("end_time", "must be after start_time");
  let signupDeadline: number | null = null;
  if (row.signup_deadline) {
    const [day = "", clock] = row.signup_deadline.split(/[ T]/);
    const deadline = clock ? wallClockTime(day, clock, zone) : DateTime.fromISO(day, { zone }).endOf("day");
    if (!deadline.isValid) problems("signup_deadline", `is not a real date (${row.signup_deadline})`);
    else if (start.isValid && deadline > start) problems("signup_deadline", "must not be after the session starts");
    else signupDeadline = deadline.toMillis();
  }
  return {
    id: row.id,
    title: row.title,
    startsAt: start.toMillis(),
    endsAt: end.toMillis(),
    venue: row.venue,
    address: row.address,
    city: row.city,
    region: row.region,
    leaderName: row.leader,
    capacity: row.capacity,
    audience: row.audience,
    signupDeadline,
    status: row.status,
    notes: row.notes,
    ...(row.leader_id ? { leaderKey: row.leader_id } : {}),
  };
}

export type RowOutcome = { ok: true; session: SessionInput } | { ok: false; problems: ImportProblem[] };

/** Validates one row at a time, remembering ids to refuse a repeated one; used by the whole-text and streaming readers. */
export function rowValidator(zone: string): (line: number, record: Record<string, unknown>) => RowOutcome {
  const seen = new Map<string, number>();
  return (line, record) => {
    const problems: ImportProblem[] = [];
    const stringified = Object.fromEntries(
      Object.entries(record).map(([key, value]) => [
        key,
        value === null || value === undefined ? undefined : String(value),
      ]),
    );
    const parsed = rowSchema.safeParse(stringified);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({ line, field: String(issue.path[0] ?? "row"), reason: issue.message });
      }
      return { ok: false, problems };
    }
    const session = toSession(parsed.data, zone, (field, reason) => problems.push({ line, field, reason }));
    const duplicateOf = seen.get(session.id);
    if (duplicateOf !== undefined)
      problems.push({ line, field: "id", reason: `repeats the id of line ${duplicateOf}` });
    seen.set(session.id, line);
    return problems.length ? { ok: false, problems } : { ok: true, session };
  };
}

/** The header's column names, or the problems with it (unknown or missing columns), reported on its line. */
export function checkHeader(
  fields: string[],
  line: number,
): { ok: true; header: string[] } | { ok: false; problems: ImportProblem[] } {
  const header = fields.map((name) => name.trim().toLowerCase());
  const unknown = header.filter((name) => !(sessionColumns as readonly string[]).includes(name));
  if (unknown.length) {
    return {
      ok: false,
      problems: unknown.map((name) => ({
        line,
        field: name,
        reason: `unknown column; the columns are ${sessionColumns.join(", ")}`,
      })),
    };
  }
  const missing = requiredColumns.filter((name) => !header.includes(name));
  if (missing.length) {
    return {
      ok: false,
      problems: missing.map((name) => ({ line, field: name, reason: "required column is missing" })),
    };
  }
  return { ok: true, header };
}

/** A row with more or fewer fields than the header; more usually means an unquoted separator inside a field. */
export function fieldCountProblem(line: number, fields: number, header: number, delimiter: string): ImportProblem {
  const name = delimiter === "\t" ? "tab" : `"${delimiter}"`;
  const hint = fields > header ? `: a ${name} inside a field needs double quotes around that field` : "";
  return { line, field: "row", reason: `has ${fields} fields, the header has ${header}${hint}` };
}
