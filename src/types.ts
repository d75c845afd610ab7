export type Audience = "huisarts" | "aios" | "both";
export type Role = "huisarts" | "aios" | "other";
export const roles: readonly Role[] = ["huisarts", "aios", "other"];
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

export interface Member {
  id: number;
  platform: string;
  userId: string;
  rosterName: string | null;
  role: Role | null;
  locale: "nl" | "en" | null;
  dmConversation: string | null;
  reachable: boolean;
}

/** Who an organiser's broadcast goes to. */
export type AudienceKind = "everyone" | "region" | "session" | "waitlist" | "channel";
export type AudienceProblem = "region_unknown" | "session_unknown" | "channel_missing" | "kind_unknown";

/** Files a session import refuses before reading: a spreadsheet or binary saved under a .csv name. */
export type NotCsv = "xlsx" | "xls" | "binary";
