import type { DashboardPage } from "../../adapters/dashboard/page-kinds.js";
import type { Viewer } from "../../src/services/dashboard/access.js";
import type { SessionFill } from "../../src/services/dashboard/model.js";

// Data for every dashboard page, with a hostile title in each text the visitor's data can reach.

export const hostile = "<script>alert(1)</script>";

export const viewerOf = (scope: Viewer["scope"], locale: Viewer["locale"] = "nl"): Viewer => ({
  memberId: 7,
  scope,
  locale,
  csrf: "csrf-token-of-this-session",
  expiresAt: Date.UTC(2026, 11, 3, 16),
});

const at = Date.UTC(2026, 11, 8, 18, 30);

const session = (id: string, title: string, extra: Partial<SessionFill> = {}): SessionFill => ({
  id,
  title,
  startsAt: at,
  city: "Utrecht",
  region: "Utrecht",
  status: "open",
  capacity: 20,
  confirmed: 4,
  waitlisted: 0,
  daysToGo: 5,
  needsAttention: false,
  ...extra,
});

export const pages: DashboardPage[] = [
  {
    kind: "overview",
    data: {
      sessions: [
        session("DS/1", hostile, { needsAttention: true }),
        session("DS2", "Denksessie Zwolle", { confirmed: 20, waitlisted: 3, daysToGo: 30, region: "Overijssel" }),
      ],
      totals: { sessions: 2, capacity: 40, confirmed: 24, waitlisted: 3 },
      signupsOverTime: [
        { day: "2026-11-20", count: 5 },
        { day: "2026-11-21", count: 27 },
      ],
    },
  },
  {
    kind: "session",
    data: {
      session: { ...session("DS/1", hostile), venue: "Zaal 1", audience: "both", leaderName: "Dr. Leider" },
      byRole: [
        { role: "huisarts", confirmed: 3, waitlisted: 0 },
        { role: "aios", confirmed: 1, waitlisted: 0 },
        { role: "unknown", confirmed: 0, waitlisted: 0 },
      ],
      attendance: { attended: 3, absent: 1, unrecorded: 0 },
      report: "draft",
    },
  },
  {
    kind: "surveys",
    data: {
      campaigns: [
        {
          id: 1,
          title: hostile,
          status: "open",
          opensAt: Date.UTC(2026, 10, 20),
          closesAt: Date.UTC(2026, 11, 20),
          invited: 200,
          completed: 50,
          optedOut: 4,
          remindersSent: 120,
          responseOverTime: [
            { day: "2026-11-20", count: 10 },
            { day: "2026-11-22", count: 50 },
          ],
        },
      ],
    },
  },
  {
    kind: "polls",
    data: {
      polls: [
        {
          id: 1,
          question: hostile,
          anonymous: false,
          status: "active",
          round: { opensAt: at - 86_400_000, closesAt: at, open: true },
          participants: 9,
          options: [
            { label: "Spoedzorg", votes: 6 },
            { label: "Preventie", votes: 3 },
          ],
        },
        {
          id: 2,
          question: "Anoniem en open",
          anonymous: true,
          status: "active",
          participants: 12,
          options: [{ label: "Ja", votes: undefined }],
          hidden: "until_close",
        },
        {
          id: 3,
          question: "Anoniem en klein",
          anonymous: true,
          status: "ended",
          participants: 2,
          options: [{ label: "Nee", votes: undefined }],
          hidden: "small_group",
        },
      ],
    },
  },
  {
    kind: "consultations",
    data: {
      minimumGroup: 5,
      consultations: [
        {
          id: 4,
          title: hostile,
          anonymous: true,
          status: "open",
          opensAt: Date.UTC(2026, 10, 20, 8),
          closesAt: at,
          started: 3,
          submitted: 9,
          byRole: [
            { role: "huisarts", count: 6 },
            { role: "overig", count: 3 },
          ],
          tasks: [
            {
              taskId: "mgz",
              label: { nl: "Zorgcoördinatie", en: "Care coordination" },
              reactions: 7,
              byRole: [
                { role: "huisarts", count: 5 },
                { role: "overig", count: 2 },
              ],
            },
            { taskId: "spoed", label: { nl: "Spoedzorg", en: "Urgent care" }, reactions: 0, byRole: [] },
          ],
        },
        {
          id: 5,
          title: "Kaders 2028",
          anonymous: false,
          status: "scheduled",
          opensAt: Date.UTC(2027, 0, 11, 8),
          closesAt: Date.UTC(2027, 0, 29, 16),
          started: 0,
          submitted: 0,
          byRole: [],
          tasks: [
            { taskId: "mgz", label: { nl: "Zorgcoördinatie", en: "Care coordination" }, reactions: 0, byRole: [] },
          ],
        },
      ],
    },
  },
  {
    kind: "deliveries",
    data: {
      broadcasts: [
        {
          id: 11,
          createdAt: at - 3600_000,
          queuedAt: at - 3600_000,
          audience: "region:Utrecht",
          preview: hostile,
          total: 100,
          sent: 60,
          pending: 30,
          failed: 10,
          paused: 0,
          failures: [{ reason: "blocked", count: 10 }],
          done: false,
        },
        {
          id: 12,
          createdAt: at - 7200_000,
          queuedAt: at - 7200_000,
          audience: "everyone",
          preview: "Alles goed",
          total: 5,
          sent: 5,
          pending: 0,
          failed: 0,
          paused: 0,
          failures: [],
          done: true,
        },
      ],
    },
  },
  {
    kind: "reports",
    data: {
      sessions: [
        {
          sessionId: "DS/1",
          title: hostile,
          startsAt: at,
          leaderName: "Dr. Leider",
          leaderLinked: false,
          state: "missing",
        },
      ],
    },
  },
];

export const pageOf = <K extends DashboardPage["kind"]>(kind: K) =>
  pages.find((p) => p.kind === kind) as Extract<DashboardPage, { kind: K }>;
