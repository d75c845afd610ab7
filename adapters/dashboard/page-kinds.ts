import type { Locale } from "../../src/contract.js";
import type { Viewer } from "../../src/services/dashboard/access.js";
import type {
  Consultations,
  Deliveries,
  Overview,
  Polls,
  Reports,
  SessionDetail,
  Surveys,
} from "../../src/services/dashboard/model.js";

// What the routes hand the page renderer (pages/render.tsx): one page with its data, or a notice without data.

export type DashboardPage =
  | { kind: "overview"; data: Overview }
  | { kind: "session"; data: SessionDetail }
  | { kind: "surveys"; data: Surveys }
  | { kind: "polls"; data: Polls }
  | { kind: "deliveries"; data: Deliveries }
  | { kind: "reports"; data: Reports }
  | { kind: "consultations"; data: Consultations };

/** Pages a scope may open: a leader sees the overview, the detail and the reports of their own sessions only. */
export const pagesOfScope: Record<Viewer["scope"], DashboardPage["kind"][]> = {
  organiser: ["overview", "session", "surveys", "polls", "consultations", "deliveries", "reports"],
  leader: ["overview", "session", "reports"],
};

/** A page without data: why the visitor sees nothing (a sign-in that failed, no session, a page not theirs). */
export type { NoticeKind } from "../../src/i18n/dashboard-notice-texts.js";

export interface NoticeOptions {
  locale: Locale;
}
