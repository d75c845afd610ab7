export type Audience = "huisarts" | "aios" | "both";
export type Role = "huisarts" | "aios" | "stakeholder" | "other";
export const roles: readonly Role[] = ["huisarts", "aios", "stakeholder", "other"];
type SessionStatus = "open" | "cancelled";
export type SignupStatus = "confirmed" | "waitlisted" | "cancelled";

export interface Session {
  id: string;
  title: string;
  /** Epoch milliseconds (UTC); shown in the bot's zone. */
  startsAt: number;
  endsAt: number;
  venue: string;
  address: string;
  city: string;
  region: string;
  leaderName: string;
  capacity: number;
  audience: Audience;
  signupDeadline: number | null;
  status: SessionStatus;
  notes: string;
  isExample: boolean;
  /** Bumped on every change; the calendar invite's SEQUENCE. */
  revision: number;
}

export interface SessionWithCounts extends Session {
  confirmed: number;
  waitlisted: number;
  placesLeft: number;
}

export type SessionInput = Omit<Session, "revision" | "isExample"> & {
  isExample?: boolean;
  /** The leader's chat user (`platform:userId`), when the import names one. */
  leaderKey?: string;
};

/**
 * A person, with the identity the bot reaches them on (`platform`, `userId`…): the one they chose, else the one
 * they used last. Everything that names a person refers to `id`; their other identities are in `identities`.
 */
export interface Member {
  id: number;
  rosterName: string | null;
  role: Role | null;
  locale: "nl" | "en" | null;
  /** `stop`: no broadcasts, polls or survey reminders. */
  optedOut: boolean;
  /** The identity messages go to. */
  identityId: number;
  platform: string;
  /** Slack team/enterprise id or Teams tenant id; "" while unknown. */
  workspace: string;
  userId: string;
  dmConversation: string | null;
  reachable: boolean;
}

/** Who did something: a member (their id), or a non-person such as the CLI ("cli"). */
export type Actor = number | string;

/** The member id an actor names, or null for a non-person (how created_by and the audit log store it). */
export const memberIdOfActor = (actor: Actor): number | null => (typeof actor === "number" ? actor : null);

/** Who an organiser's broadcast goes to. */
export type AudienceKind = "everyone" | "region" | "session" | "waitlist" | "channel";
export type AudienceProblem = "region_unknown" | "session_unknown" | "channel_missing" | "kind_unknown";

/** Files a session import refuses before reading: a spreadsheet or binary saved under a .csv name. */
export type NotCsv = "xlsx" | "xls" | "binary";
